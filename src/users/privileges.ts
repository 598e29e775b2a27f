import { ADMIN_ROLE } from '../platform/auth/claims';
import { Principal } from '../platform/auth/principal';

/**
 * Who may hand out what. A caller can grant only claims it holds itself, so users:write or
 * roles:write never lift anyone (the caller included) above the caller. An admin may do anything;
 * no actor (the CLI, a seed) means an operator with shell access and is not limited either.
 */
export function isAdmin(actor: Principal | undefined): boolean {
  return actor === undefined || actor.role === ADMIN_ROLE;
}

/** Claims among `claims` the actor does not hold (empty for an admin or no actor). */
export function claimsNotHeld(actor: Principal | undefined, claims: Iterable<string>): string[] {
  if (isAdmin(actor)) return [];
  return [...new Set(claims)].filter((claim) => !actor!.claims.has(claim)).sort();
}
