import { DomainError, notFoundError } from '../platform/http/domain-error';

export class CustomerNotFoundError extends notFoundError('Customer', 'CUSTOMER_NOT_FOUND') {}

export class CpfTakenError extends DomainError {
  readonly code = 'CPF_TAKEN';
  readonly status = 409;
  readonly title = 'CPF already registered';
  constructor() {
    super('Another customer already has this CPF.');
  }
}

export class EventDetailsTooLargeError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
  readonly title = 'Validation failed';
  constructor(limit: number) {
    super(`details must be at most ${limit} bytes of JSON.`, { invalidParams: [{ name: 'details', reasons: [`details must be at most ${limit} bytes of JSON`] }] });
  }
}
