import { domainError } from '../http/domain-error';

export class UnauthenticatedError extends domainError(401, 'UNAUTHENTICATED', 'Authentication required') {}

export class MissingClaimsError extends domainError(403, 'MISSING_CLAIMS', 'Forbidden') {

  constructor(missing: string[]) {
    super(`This operation requires the claim${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`, { missingClaims: missing });
  }
}
