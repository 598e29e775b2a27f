/** Plain shapes the users repositories return; services never see Prisma types. */
export interface ClaimRecord {
  id: bigint;
  description: string;
  active: boolean;
}

export interface RoleRecord {
  id: number;
  description: string;
  claims: ClaimRecord[];
  userCount: number;
}

export interface UserRecord {
  id: bigint;
  name: string;
  email: string;
  active: boolean;
  /** When the user's sessions were last ended (null: never). */
  tokensValidAfter: Date | null;
  createdAt: Date;
  updatedAt: Date;
  role: { id: number; description: string; claims: ClaimRecord[] };
  directClaims: ClaimRecord[];
}

/** Active claims in effect for a user: the role's and the user's own. */
export function effectiveClaims(user: Pick<UserRecord, 'role' | 'directClaims'>): string[] {
  const names = new Set<string>();
  for (const claim of [...user.role.claims, ...user.directClaims]) if (claim.active) names.add(claim.description);
  return [...names].sort();
}
