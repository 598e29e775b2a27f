import { domainError, notFoundError } from '../platform/http/domain-error';

export class AccountNotFoundError extends notFoundError('Account', 'ACCOUNT_NOT_FOUND') {}

export class AccountExistsError extends domainError(409, 'ACCOUNT_EXISTS', 'Account exists') {
  constructor(id: string) {
    super(`Account ${id} already exists.`);
  }
}

export class MerchantNotFoundError extends notFoundError('Merchant', 'MERCHANT_NOT_FOUND') {}

export class MerchantExistsError extends domainError(409, 'MERCHANT_EXISTS', 'Merchant exists') {
  constructor(name: string) {
    super(`A merchant named ${name} already exists.`);
  }
}
