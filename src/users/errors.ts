import { DomainError, notFoundError } from '../platform/http/domain-error';

export class UserNotFoundError extends notFoundError('User', 'USER_NOT_FOUND') {}

export class UserEmailNotFoundError extends DomainError {
  readonly code = 'USER_NOT_FOUND';
  readonly status = 404;
  readonly title = 'User not found';
  constructor(email: string) {
    super(`No user has the e-mail ${email}.`);
  }
}

export class RoleNotFoundError extends notFoundError('Role', 'ROLE_NOT_FOUND') {}

export class ClaimNotFoundError extends notFoundError('Claim', 'CLAIM_NOT_FOUND') {}

/** A body refers to a role or claim that does not exist: bad input, naming the field. */
export class UnknownReferenceError extends DomainError {
  readonly code = 'UNKNOWN_REFERENCE';
  readonly status = 400;
  readonly title = 'Unknown reference';
  constructor(field: string, reason: string) {
    super(reason, { invalidParams: [{ name: field, reasons: [reason] }] });
  }
}

export class EmailTakenError extends DomainError {
  readonly code = 'EMAIL_TAKEN';
  readonly status = 409;
  readonly title = 'E-mail already in use';
  constructor(email: string) {
    super(`Another user already has the e-mail ${email}.`);
  }
}

export class RoleInUseError extends DomainError {
  readonly code = 'ROLE_IN_USE';
  readonly status = 409;
  readonly title = 'Role in use';
  constructor(id: number, users: number) {
    super(`Role ${id} is held by ${users} user${users === 1 ? '' : 's'}; move them to another role first.`, { users });
  }
}

export class ProtectedEntityError extends DomainError {
  readonly code = 'PROTECTED';
  readonly status = 409;
  readonly title = 'Protected';
}

export class ClaimNotGrantedError extends DomainError {
  readonly code = 'CLAIM_NOT_GRANTED';
  readonly status = 404;
  readonly title = 'Claim not granted';
}

export class CannotDeleteSelfError extends DomainError {
  readonly code = 'CANNOT_DELETE_SELF';
  readonly status = 409;
  readonly title = 'Cannot delete yourself';
  constructor() {
    super('You cannot delete or disable your own user; ask another administrator.');
  }
}

export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';
  readonly status = 401;
  readonly title = 'Invalid credentials';
  constructor() {
    super('The e-mail or the password is wrong.');
  }
}

export class InvalidRefreshTokenError extends DomainError {
  readonly code = 'INVALID_REFRESH_TOKEN';
  readonly status = 401;
  readonly title = 'Invalid refresh token';
  constructor(detail = 'The refresh token is unknown, expired or revoked; log in again.') {
    super(detail);
  }
}
