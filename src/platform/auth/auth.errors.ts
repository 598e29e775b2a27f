import { domainError } from '../http/domain-error';

export class UnauthenticatedError extends domainError(401, 'UNAUTHENTICATED', 'Authentication required', "Missing, invalid or expired access token, one without `exp` or `iat`, or one issued before the user's sessions were ended (with `WWW-Authenticate: Bearer`)") {}

export class MissingClaimsError extends domainError(403, 'MISSING_CLAIMS', 'Forbidden', 'The caller lacks a required claim; `missingClaims` lists them') {

  constructor(missing: string[]) {
    super(`This operation requires the claim${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`, { missingClaims: missing });
  }
}
