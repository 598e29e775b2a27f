import { randomBytes } from 'node:crypto';
import { ClaimName } from '../../src/platform/auth/claims';
import { TokenService } from '../../src/users/auth/token.service';
import { PasswordHasher } from '../../src/users/password-hasher';
import { TestApp } from './app';

export interface TestUser {
  id: bigint;
  email: string;
  password: string;
  roleId: number;
  /** A valid access token for this user. */
  token: string;
  /** `{ Authorization: 'Bearer ...' }` for supertest's `.set()`. */
  auth: { Authorization: string };
}

/**
 * A user holding exactly `claims` (through a role made for it), with a password and an access
 * token. The shared way for any test to call a protected route.
 */
export async function createUserWithClaims(t: TestApp, claims: readonly ClaimName[], options: { active?: boolean; email?: string } = {}): Promise<TestUser> {
  const suffix = randomBytes(4).toString('hex');
  const password = `Test-password-${suffix}!`;
  // createMany skips claims another test user created meanwhile (concurrent upserts race on the unique key).
  await t.prisma.claim.createMany({ data: claims.map((description) => ({ description })), skipDuplicates: true });
  const claimRows = await t.prisma.claim.findMany({ where: { description: { in: [...claims] } } });
  const role = await t.prisma.role.create({
    data: { description: `test-role-${suffix}`, claims: { create: claimRows.map((claim) => ({ claimId: claim.id })) } },
  });
  const user = await t.prisma.user.create({
    data: {
      name: `Test User ${suffix}`,
      email: options.email ?? `user-${suffix}@test.local`,
      password: await t.app.get(PasswordHasher).hash(password),
      roleId: role.id,
      active: options.active ?? true,
    },
  });
  const { token } = await t.app.get(TokenService).accessToken(user.id);
  return { id: user.id, email: user.email, password, roleId: role.id, token, auth: { Authorization: `Bearer ${token}` } };
}

/** A fresh access token for an existing user. */
export async function tokenFor(t: TestApp, userId: bigint, ttlSeconds?: number): Promise<string> {
  return (await t.app.get(TokenService).accessToken(userId, ttlSeconds)).token;
}
