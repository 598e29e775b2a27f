import { domainError, notFoundError } from '../platform/http/domain-error';

export class UserNotFoundError extends notFoundError('User', 'USER_NOT_FOUND') {}

export class UserEmailNotFoundError extends domainError(404, 'USER_NOT_FOUND', 'User not found') {
  constructor(email: string) {
    super(`No user has the e-mail ${email}.`);
  }
}

export class RoleNotFoundError extends notFoundError('Role', 'ROLE_NOT_FOUND') {}

/** No role has this name (the CLI names roles); `roles` are the names there are. */
export class RoleNameNotFoundError extends domainError(404, 'ROLE_NOT_FOUND', 'Role not found') {
  constructor(
    name: string,
    readonly roles: string[],
  ) {
    super(`No role is named ${name}; the roles are ${roles.join(', ')}.`, { roles });
  }
}

/** A long-lived token is asked for a disabled user (the CLI's tokens:issue). */
export class UserDisabledError extends domainError(409, 'USER_DISABLED', 'User disabled', 'A long-lived token asked for a disabled user (CLI `tokens:issue`)') {
  constructor(email: string) {
    super(`user ${email} is disabled`);
  }
}

export class ClaimNotFoundError extends notFoundError('Claim', 'CLAIM_NOT_FOUND') {}

export class EmailTakenError extends domainError(409, 'EMAIL_TAKEN', 'E-mail already in use', 'Another user has the e-mail') {
  constructor(email: string) {
    super(`Another user already has the e-mail ${email}.`);
  }
}

export class RoleInUseError extends domainError(409, 'ROLE_IN_USE', 'Role in use', 'Deleting a role users still hold; `users` says how many') {
  constructor(id: number, users: number) {
    super(`Role ${id} is held by ${users} user${users === 1 ? '' : 's'}; move them to another role first.`, { users });
  }
}

export class ProtectedEntityError extends domainError(409, 'PROTECTED', 'Protected', 'Renaming or deleting the admin role, removing its claims, renaming a built-in claim') {}

export class ClaimNotGrantedError extends domainError(404, 'CLAIM_NOT_GRANTED', 'Claim not granted', 'Revoking a claim the user or role does not hold') {}

export class CannotDeleteSelfError extends domainError(409, 'CANNOT_DELETE_SELF', 'Cannot delete yourself', 'Deleting or disabling your own user') {
  constructor() {
    super('You cannot delete or disable your own user; ask another administrator.');
  }
}

export class InvalidCredentialsError extends domainError(401, 'INVALID_CREDENTIALS', 'Invalid credentials', 'Login refused: unknown e-mail, wrong password or disabled user (one answer for all)') {
  constructor() {
    super('The e-mail or the password is wrong.');
  }
}

export class InvalidRefreshTokenError extends domainError(401, 'INVALID_REFRESH_TOKEN', 'Invalid refresh token', 'The refresh token is unknown, used, expired or revoked') {
  constructor(detail = 'The refresh token is unknown, expired or revoked; log in again.') {
    super(detail);
  }
}

export class ClaimNotHeldError extends domainError(403, 'CLAIM_NOT_HELD', 'Claim not held', 'Granting or revoking a claim the caller does not hold itself') {
  constructor(claims: readonly string[]) {
    super(`You can hand out only claims you hold yourself; you do not hold ${claims.join(', ')}.`, { claims: [...claims] });
  }
}

export class RoleNotAssignableError extends domainError(403, 'ROLE_NOT_ASSIGNABLE', 'Role not assignable', 'Assigning a role whose claims the caller does not all hold (the admin role: admins only)') {
  constructor(role: string, detail?: string) {
    super(detail ?? `You can assign only roles whose claims you all hold; role ${role} has claims you do not hold.`, { role });
  }
}

export class UserNotManageableError extends domainError(403, 'USER_NOT_MANAGEABLE', 'User not manageable', 'Changing a user that holds a claim the caller lacks') {
  constructor(id: bigint) {
    super(`User ${id} holds claims you do not hold; only a caller holding all of them (or an admin) can change or delete that user.`);
  }
}

export class BuiltInClaimError extends domainError(409, 'BUILT_IN_CLAIM', 'Built-in claim', "Deactivating a claim the product's routes check") {}

export class TooManyLoginAttemptsError extends domainError(429, 'TOO_MANY_LOGIN_ATTEMPTS', 'Too many login attempts', 'Login refused without checking the password: this e-mail failed too often from this client address; wait for `Retry-After` seconds (other addresses are not affected)') {
  constructor(override readonly retryAfterSeconds: number) {
    super(`Too many failed logins for this e-mail from this address; retry in ${retryAfterSeconds} s.`);
  }
}
