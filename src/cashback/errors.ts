import { domainError, notFoundError } from '../platform/http/domain-error';

export class PurchaseNotFoundError extends notFoundError('Purchase', 'PURCHASE_NOT_FOUND') {}

export class IdempotencyKeyReusedError extends domainError(409, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency key reused', 'The Idempotency-Key was used with another body') {
  constructor() {
    super('This Idempotency-Key was used for another purchase; send a new key for a new purchase.');
  }
}

export class NotResendableError extends domainError(409, 'NOT_RESENDABLE', 'Not resendable', 'Only FAILED purchases can be re-sent') {
  constructor(status: string) {
    super(`Only FAILED purchases can be re-sent; this one is ${status}.`);
  }
}

/** A purchase that passed field validation but not the business checks; names each field. */
export class InvalidPurchaseError extends domainError(400, 'VALIDATION_FAILED', 'Validation failed') {
  constructor(invalidParams: Array<{ name: string; reasons: string[] }>) {
    super(`The purchase has ${invalidParams.length} invalid field${invalidParams.length === 1 ? '' : 's'}: ${invalidParams.map((p) => p.name).join(', ')}.`, { invalidParams });
  }
}
