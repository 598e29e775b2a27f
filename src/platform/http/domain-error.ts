/**
 * Base of every business error. Modules subclass it with a stable `code` and an HTTP `status`;
 * the global filter turns it into a problem+json answer. Services throw these, never HttpException.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Short, stable summary of the kind of problem; `detail` (the message) describes this occurrence. */
  abstract readonly title: string;
  /** When set, the answer carries `Retry-After` with this many seconds (a temporary refusal). */
  readonly retryAfterSeconds?: number;

  constructor(
    message: string,
    /** Extra members added to the problem body (no secrets). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A concrete error kind in one line: `class EmailTakenError extends domainError(409, 'EMAIL_TAKEN',
 * 'E-mail already in use') {}`, with a constructor of its own when the message needs parameters.
 */
export function domainError(status: number, code: string, title: string) {
  return class extends DomainError {
    readonly code = code;
    readonly status = status;
    readonly title = title;
  };
}

/**
 * A 404 for one kind of entity: `class OrderNotFoundError extends notFoundError('Order', 'ORDER_NOT_FOUND') {}`
 * answers `Order 42 does not exist.` with code ORDER_NOT_FOUND.
 */
export function notFoundError(entity: string, code: string) {
  return class extends domainError(404, code, `${entity} not found`) {
    constructor(id: string | number | bigint) {
      super(`${entity} ${id} does not exist.`);
    }
  };
}

/** A body refers to something that does not exist (a role, a claim, a customer): bad input, naming the field. */
export class UnknownReferenceError extends domainError(400, 'UNKNOWN_REFERENCE', 'Unknown reference') {
  constructor(field: string, reason: string) {
    super(reason, { invalidParams: [{ name: field, reasons: [reason] }] });
  }
}
