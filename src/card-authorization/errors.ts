import { domainError, notFoundError } from '../platform/http/domain-error';

export class AccountNotFoundError extends notFoundError('Account', 'ACCOUNT_NOT_FOUND') {}

export class AccountExistsError extends domainError(409, 'ACCOUNT_EXISTS', 'Account exists', 'The card account id is taken') {
  constructor(id: string) {
    super(`Account ${id} already exists.`);
  }
}

export class MerchantNotFoundError extends notFoundError('Merchant', 'MERCHANT_NOT_FOUND') {}

export class MerchantExistsError extends domainError(409, 'MERCHANT_EXISTS', 'Merchant exists', 'A merchant with the same name (after normalizing spaces and case) is registered') {
  constructor(name: string) {
    super(`A merchant named ${name} already exists.`);
  }
}

/** No balance may exceed this (R$ 10,000,000.00): far above any benefit, far below bigint overflow. */
export const MAX_BALANCE_CENTS = 1_000_000_000n;

export class BalanceLimitError extends domainError(409, 'BALANCE_LIMIT_EXCEEDED', 'Balance limit exceeded', 'A credit or opening balance would take a balance above 10,000,000.00') {
  constructor(category: string) {
    super(`The ${category} balance would exceed ${MAX_BALANCE_CENTS / 100n}.00, the most a balance may hold.`);
  }
}

/**
 * The database did not decide an authorization within CARD_AUTHORIZATION_TIMEOUT_MS. Nothing was
 * debited: a statement past its deadline rolls back or never runs (card_authorize_before).
 */
export class AuthorizationTimeoutError extends domainError(503, 'DATABASE_UNAVAILABLE', 'Service unavailable') {
  constructor(timeoutMs: number) {
    super(`The database did not decide the authorization within ${timeoutMs} ms; retry with the same id.`);
  }
}
