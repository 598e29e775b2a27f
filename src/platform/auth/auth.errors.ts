import { DomainError } from '../http/domain-error';

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  readonly status = 401;
  readonly title = 'Authentication required';
}

export class MissingClaimsError extends DomainError {
  readonly code = 'MISSING_CLAIMS';
  readonly status = 403;
  readonly title = 'Forbidden';

  constructor(missing: string[]) {
    super(`This operation requires the claim${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`, { missingClaims: missing });
  }
}
