import { DomainError } from '../platform/http/domain-error';

export class AccountNotFoundError extends DomainError {
  readonly code = 'ACCOUNT_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Account not found';
  constructor(id: string) {
    super(`Account ${id} does not exist.`);
  }
}

export class AccountExistsError extends DomainError {
  readonly code = 'ACCOUNT_EXISTS';
  readonly status = 409;
  readonly title = 'Account exists';
  constructor(id: string) {
    super(`Account ${id} already exists.`);
  }
}

export class MerchantNotFoundError extends DomainError {
  readonly code = 'MERCHANT_NOT_FOUND';
  readonly status = 404;
  readonly title = 'Merchant not found';
  constructor(id: string) {
    super(`Merchant ${id} does not exist.`);
  }
}

export class MerchantExistsError extends DomainError {
  readonly code = 'MERCHANT_EXISTS';
  readonly status = 409;
  readonly title = 'Merchant exists';
  constructor(name: string) {
    super(`A merchant named ${name} already exists.`);
  }
}
