import { domainError, notFoundError } from '../platform/http/domain-error';

export class CustomerNotFoundError extends notFoundError('Customer', 'CUSTOMER_NOT_FOUND') {}

export class EventNotFoundError extends notFoundError('Event', 'EVENT_NOT_FOUND') {}

export class CpfTakenError extends domainError(409, 'CPF_TAKEN', 'CPF already registered', 'Another customer has the CPF') {
  constructor() {
    super('Another customer already has this CPF.');
  }
}

export class EventDetailsTooLargeError extends domainError(400, 'VALIDATION_FAILED', 'Validation failed') {
  constructor(limit: number) {
    super(`details must be at most ${limit} bytes of JSON.`, { invalidParams: [{ name: 'details', reasons: [`details must be at most ${limit} bytes of JSON`] }] });
  }
}
