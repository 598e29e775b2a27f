import { registerProblemKind } from './problem-catalog';

/**
 * Base of every business error. Modules subclass it with a stable `code` and an HTTP `status`;
 * the global filter turns it into a problem+json answer. Services throw these, never HttpException.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Short, stable summary of the kind of problem; `detail` (the message) describes this occurrence. */
  abstract readonly title: string;
  /** Sent as the Retry-After header, for errors that pass with time. */
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
 * 'E-mail already in use', 'Another user has the e-mail') {}`, with a constructor of its own when the
 * message needs parameters. `when` enters the code in docs/errors.md; a kind that reuses a code
 * described elsewhere (VALIDATION_FAILED, say) leaves it out.
 */
export function domainError(status: number, code: string, title: string, when?: string) {
  if (when) registerProblemKind({ status, code, when });
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
  return class extends domainError(404, code, `${entity} not found`, `No such ${entity.toLowerCase()}`) {
    constructor(id: string | number | bigint) {
      super(`${entity} ${id} does not exist.`);
    }
  };
}

/** A body refers to something that does not exist (a role, a claim, a customer): bad input, naming the field. */
export class UnknownReferenceError extends domainError(400, 'UNKNOWN_REFERENCE', 'Unknown reference', 'The body names a role, claim, customer or user that does not exist; `invalidParams` names the field') {
  constructor(field: string, reason: string) {
    super(reason, { invalidParams: [{ name: field, reasons: [reason] }] });
  }
}
