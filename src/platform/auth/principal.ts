/** Who is calling: resolved from the access token on every authenticated request. */
export interface Principal {
  userId: bigint;
  email: string;
  name: string;
  roleId: number;
  role: string;
  /** Active claims: the role's plus the user's own. */
  claims: ReadonlySet<string>;
  /** Access tokens issued before this instant are refused: the user's sessions were ended then. */
  tokensValidAfter?: Date;
}

/** Loads the current state of a user (or undefined when unknown or disabled). */
export interface PrincipalResolver {
  resolve(userId: bigint): Promise<Principal | undefined>;
}

export const PRINCIPAL_RESOLVER = Symbol('PRINCIPAL_RESOLVER');

/** CLS key under which the guard stores the caller for services (audit) to read. */
export const PRINCIPAL_KEY = 'principal';

/** Who acts when no HTTP caller does: a CLI command, a seed, a background job. */
export interface SystemActor {
  label: string;
  userId?: bigint;
}

export const SYSTEM_ACTOR_KEY = 'systemActor';
