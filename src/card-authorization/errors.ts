import { DomainError, notFoundError } from '../platform/http/domain-error';

export class AccountNotFoundError extends notFoundError('Account', 'ACCOUNT_NOT_FOUND') {}

export class AccountExistsError extends DomainError {
  readonly code = 'ACCOUNT_EXISTS';
  readonly status = 409;
  readonly title = 'Account exists';
  constructor(id: string) {
    super(`Account ${id} already exists.`);
  }
}

export class MerchantNotFoundError extends notFoundError('Merchant', 'MERCHANT_NOT_FOUND') {}

export class MerchantExistsError extends DomainError {
  readonly code = 'MERCHANT_EXISTS';
  readonly status = 409;
  readonly title = 'Merchant exists';
  constructor(name: string) {
    super(`A merchant named ${name} already exists.`);
  }
}
