import { DomainError, notFoundError } from '../platform/http/domain-error';

export class PurchaseNotFoundError extends notFoundError('Purchase', 'PURCHASE_NOT_FOUND') {}

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly status = 409;
  readonly title = 'Idempotency key reused';
  constructor() {
    super('This Idempotency-Key was used for another purchase; send a new key for a new purchase.');
  }
}

export class NotResendableError extends DomainError {
  readonly code = 'NOT_RESENDABLE';
  readonly status = 409;
  readonly title = 'Not resendable';
  constructor(status: string) {
    super(`Only FAILED purchases can be re-sent; this one is ${status}.`);
  }
}

/** A purchase that passed field validation but not the business checks; names each field. */
export class InvalidPurchaseError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
  readonly title = 'Validation failed';
  constructor(invalidParams: Array<{ name: string; reasons: string[] }>) {
    super(`The purchase has ${invalidParams.length} invalid field${invalidParams.length === 1 ? '' : 's'}: ${invalidParams.map((p) => p.name).join(', ')}.`, { invalidParams });
  }
}
