import { createHmac } from 'node:crypto';
import { Claim, ClaimName } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

const SECRET = process.env.JWT_SECRET!;

function sign(payload: object): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const claimsOf = (id: bigint, iat = now()) => ({ sub: id.toString(), typ: 'access', iss: 'benefits-platform-api', aud: 'benefits-platform-api', iat, exp: iat + 600 });

/** Tokens carry whole seconds: waiting for the next one makes "issued before" unambiguous. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));

const NEW_PASSWORD = 'another Horse 42 battery';

describe('sessions end when they must (e2e)', () => {
  let t: TestApp;
  let manager: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    manager = await createUserWithClaims(t, [Claim.UsersRead, Claim.UsersWrite]);
  });

  afterAll(() => t.close());

  const me = (token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const login = (email: string, password: string) => t.http.post('/api/v1/auth/login').send({ email, password });
  const refresh = (refreshToken: string) => t.http.post('/api/v1/auth/refresh').send({ refreshToken });

  /** A user with a session: its access token already used once, so the guard remembers it as verified. */
  async function userWithSession(claims: ClaimName[] = [Claim.UsersRead]) {
    const user = await createUserWithClaims(t, claims);
    const session = (await login(user.email, user.password)).body as { accessToken: string; refreshToken: string };
    expect((await me(session.accessToken)).status).toBe(200);
    await nextSecond();
    return { user, session };
  }

  function expectEnded(res: { status: number; body: { code?: string; detail?: string } }) {
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  }

  it('a password change by the user ends its earlier sessions, and the login right after works', async () => {
    const { user, session } = await userWithSession([Claim.UsersRead, Claim.UsersWrite]);
    expect((await t.http.patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${session.accessToken}`).send({ password: NEW_PASSWORD })).status).toBe(200);
    const old = await me(session.accessToken);
    expectEnded(old);
    expect(old.body.detail).toBe('This session has ended (new password, disabled user or sessions revoked); log in again.');
    expect((await refresh(session.refreshToken)).status).toBe(401);
    const fresh = await login(user.email, NEW_PASSWORD);
    expect(fresh.status).toBe(200);
    expect((await me(fresh.body.accessToken)).status).toBe(200);
    expect((await refresh(fresh.body.refreshToken)).status).toBe(200);
  });

  it('a password reset by another user ends the sessions too', async () => {
    const { user, session } = await userWithSession();
    expect((await t.http.patch(`/api/v1/users/${user.id}`).set(manager.auth).send({ password: NEW_PASSWORD })).status).toBe(200);
    expectEnded(await me(session.accessToken));
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await me((await login(user.email, NEW_PASSWORD)).body.accessToken)).status).toBe(200);
  });

  it('disabling then enabling a user brings none of its old sessions back', async () => {
    const { user, session } = await userWithSession();
    expect((await t.http.patch(`/api/v1/users/${user.id}`).set(manager.auth).send({ active: false })).status).toBe(200);
    expectEnded(await me(session.accessToken));
    expect((await t.http.patch(`/api/v1/users/${user.id}`).set(manager.auth).send({ active: true })).status).toBe(200);
    expectEnded(await me(session.accessToken));
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await me((await login(user.email, user.password)).body.accessToken)).status).toBe(200);
  });

  it('a change of name alone ends nothing', async () => {
    const { user, session } = await userWithSession();
    expect((await t.http.patch(`/api/v1/users/${user.id}`).set(manager.auth).send({ name: 'Renamed' })).status).toBe(200);
    expect((await me(session.accessToken)).status).toBe(200);
  });

  describe('POST /users/{id}/sessions/revoke', () => {
    const revoke = (id: bigint | number, auth = manager.auth) => t.http.post(`/api/v1/users/${id}/sessions/revoke`).set(auth);

    it('ends every session of the user, leaves the password alone, and is audited', async () => {
      const { user, session } = await userWithSession();
      const res = await revoke(user.id);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectEnded(await me(session.accessToken));
      expect((await refresh(session.refreshToken)).status).toBe(401);
      const event = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'user.sessions.revoke', entityId: String(user.id) } });
      expect(event.actorUserId).toBe(manager.id);
      expect((await me((await login(user.email, user.password)).body.accessToken)).status).toBe(200);
    });

    it('tells a token of the second of the revocation from one of the second before', async () => {
      const user = await createUserWithClaims(t, [Claim.UsersRead]);
      expect((await revoke(user.id)).status).toBe(204);
      const { tokensValidAfter } = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      const second = Math.floor(tokensValidAfter!.getTime() / 1000);
      expectEnded(await me(sign(claimsOf(user.id, second - 1))));
      expect((await me(sign(claimsOf(user.id, second)))).status).toBe(200);
    });

    it('answers 404 for an unknown user and 403 for a user with more power than the caller', async () => {
      const missing = await revoke(987654);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('USER_NOT_FOUND');
      const powerful = await createUserWithClaims(t, [Claim.UsersRead, Claim.UsersWrite, Claim.AuditRead]);
      const weak = await createUserWithClaims(t, [Claim.UsersWrite]);
      const refused = await revoke(powerful.id, weak.auth);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('USER_NOT_MANAGEABLE');
      expect((await me(powerful.token)).status).toBe(200);
    });
  });

  describe('access tokens without an expiry', () => {
    it('are refused though correctly signed', async () => {
      const user = await createUserWithClaims(t, [Claim.UsersRead]);
      const { exp: _exp, ...noExpiry } = claimsOf(user.id);
      const res = await me(sign(noExpiry));
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe('The access token is invalid: it must carry when it was issued (iat) and when it expires (exp).');
      const { iat: _iat, ...noIssuedAt } = claimsOf(user.id);
      expect((await me(sign(noIssuedAt))).status).toBe(401);
      expect((await me(sign(claimsOf(user.id)))).status).toBe(200);
    });
  });
});

describe('sessions with the principal cache on (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { AUTH_CACHE_TTL_MS: '600000' } });
    await t.app.get(SeedService).run();
  });

  afterAll(() => t.close());

  it('a revocation in this process takes effect at once', async () => {
    const manager = await createUserWithClaims(t, [Claim.UsersRead, Claim.UsersWrite]);
    const user = await createUserWithClaims(t, [Claim.UsersRead]);
    const call = () => t.http.get('/api/v1/auth/me').set(user.auth);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    await nextSecond();
    expect((await t.http.post(`/api/v1/users/${user.id}/sessions/revoke`).set(manager.auth)).status).toBe(204);
    expect((await call()).status).toBe(401);
  });
});
