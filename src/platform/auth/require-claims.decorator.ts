import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiResponse } from '@nestjs/swagger';
import { answerOf, problemContent } from '../http/problem-examples';
import { MissingClaimsError } from './auth.errors';
import { ClaimName } from './claims';

export const REQUIRED_CLAIMS = 'requiredClaims';
export const CLAIMS_EXTENSION = 'x-required-claims';

/**
 * The caller must hold every listed claim (active). Checked by the global ClaimsGuard, and shown in
 * Swagger: the 403 answer names the claims and `x-required-claims` lists them for tools.
 */
export function RequireClaims(...claims: [ClaimName, ...ClaimName[]]) {
  return applyDecorators(
    SetMetadata(REQUIRED_CLAIMS, claims),
    ApiExtension(CLAIMS_EXTENSION, claims),
    ApiResponse({ status: 403, description: `Requires the claim${claims.length > 1 ? 's' : ''}: ${claims.join(', ')}`, content: problemContent(answerOf(new MissingClaimsError(claims))) }),
  );
}
