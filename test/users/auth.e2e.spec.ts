import { createHmac } from 'node:crypto';
import { Claim } from '../../src/platform/auth/claims';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

const SECRET = process.env.JWT_SECRET!;

function sign(header: object, payload: object, secret = SECRET, alg = 'sha256'): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  return `${body}.${createHmac(alg, secret).update(body).digest('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const claimsOf = (user: TestUser) => ({ sub: user.id.toString(), typ: 'access', iss: 'benefits-platform-api', aud: 'benefits-platform-api', iat: now(), exp: now() + 600 });

describe('authentication (e2e)', () => {
  let t: TestApp;
  let reader: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    reader = await createUserWithClaims(t, [Claim.UsersRead]);
  });

  afterAll(() => t.close());

  const login = (email: string, password: string) => t.http.post('/api/v1/auth/login').send({ email, password });

  it('logs in with e-mail (any case) and password, and the token works', async () => {
    const res = await login(reader.email.toUpperCase(), reader.password);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.stringMatching(/^rt_/), refreshExpiresIn: 2592000 });
    expect(res.headers['cache-control']).toBe('no-store');
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: Number(reader.id), email: reader.email, claims: ['users:read'] });
    const [, payload] = res.body.accessToken.split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({ sub: String(reader.id), iss: 'benefits-platform-api', aud: 'benefits-platform-api' });
  });

  it('answers an unknown e-mail and a wrong password alike', async () => {
    const wrong = await login(reader.email, 'Wrong-password-123');
    const unknown = await login('nobody@test.local', 'Wrong-password-123');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'INVALID_CREDENTIALS', detail: 'The e-mail or the password is wrong.' });
    }
    const strip = ({ requestId: _ignored, ...rest }: Record<string, unknown>) => rest;
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
  });

  it('refuses a disabled user with the same answer', async () => {
    const disabled = await createUserWithClaims(t, [Claim.UsersRead], { active: false });
    expect((await login(disabled.email, disabled.password)).body.code).toBe('INVALID_CREDENTIALS');
    const res = await t.http.get('/api/v1/auth/me').set(disabled.auth);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('names the invalid login fields', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(['email', 'password']);
  });

  describe('access tokens', () => {
    const call = (token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

    it('accepts a well-formed HS256 token', async () => {
      expect((await call(sign({ alg: 'HS256', typ: 'JWT' }, claimsOf(reader)))).status).toBe(200);
    });

    it('refuses alg none, other algorithms, other secrets, issuers and audiences', async () => {
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claimsOf(reader))).toString('base64url')}.`;
      const cases = [
        unsigned,
        sign({ alg: 'HS512', typ: 'JWT' }, claimsOf(reader), SECRET, 'sha512'),
        sign({ alg: 'HS256', typ: 'JWT' }, claimsOf(reader), 'another-secret-another-secret-another'),
        sign({ alg: 'HS256', typ: 'JWT' }, { ...claimsOf(reader), iss: 'someone-else' }),
        sign({ alg: 'HS256', typ: 'JWT' }, { ...claimsOf(reader), aud: 'someone-else' }),
        sign({ alg: 'HS256', typ: 'JWT' }, { ...claimsOf(reader), typ: 'refresh' }),
        'not.a.token',
      ];
      for (const token of cases) {
        const res = await call(token);
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
    });

    it('refuses an expired token and says so', async () => {
      const res = await call(sign({ alg: 'HS256', typ: 'JWT' }, { ...claimsOf(reader), iat: now() - 1000, exp: now() - 60 }));
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe('The access token has expired; refresh it or log in again.');
    });

    it('asks for a token when none is sent', async () => {
      const res = await t.http.get('/api/v1/users');
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/^Send an access token/);
    });

    it('stops working as soon as the user is disabled (cache off in tests)', async () => {
      const user = await createUserWithClaims(t, [Claim.UsersRead]);
      expect((await call(user.token)).status).toBe(200);
      await t.prisma.user.update({ where: { id: user.id }, data: { active: false } });
      expect((await call(user.token)).status).toBe(401);
    });
  });

  describe('refresh tokens', () => {
    it('rotate: each refresh token works once and gives a new pair', async () => {
      const first = (await login(reader.email, reader.password)).body;
      const second = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(second.status).toBe(200);
      expect(second.headers['cache-control']).toBe('no-store');
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect((await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${second.body.accessToken}`)).status).toBe(200);
      const third = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
      expect(third.status).toBe(200);
    });

    it('a reused refresh token revokes its whole family', async () => {
      const first = (await login(reader.email, reader.password)).body;
      const second = (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken })).body;
      const reuse = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('INVALID_REFRESH_TOKEN');
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken })).status).toBe(401);
      const events = await t.prisma.auditEvent.findMany({ where: { action: 'auth.refresh-reuse', entityId: String(reader.id) } });
      expect(events.length).toBeGreaterThan(0);
    });

    it('of two concurrent refreshes with one token, one wins and the family is revoked', async () => {
      const first = (await login(reader.email, reader.password)).body;
      const results = await Promise.all([1, 2].map(() => t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken })));
      expect(results.map((res) => res.status).sort()).toEqual([200, 401]);
      const winner = results.find((res) => res.status === 200)!.body;
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: winner.refreshToken })).status).toBe(401);
    });

    it('stop at once when the user is disabled', async () => {
      const user = await createUserWithClaims(t, [Claim.UsersRead]);
      const pair = (await login(user.email, user.password)).body;
      await t.prisma.user.update({ where: { id: user.id }, data: { active: false } });
      const res = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken });
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe('The user is disabled.');
    });

    it('logout revokes the session', async () => {
      const pair = (await login(reader.email, reader.password)).body;
      const out = await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${pair.accessToken}`).send({ refreshToken: pair.refreshToken });
      expect(out.status).toBe(204);
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken })).status).toBe(401);
    });

    it('refuses unknown refresh tokens', async () => {
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'rt_made-up' })).body.code).toBe('INVALID_REFRESH_TOKEN');
    });
  });
});

describe('login rate limits (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_FAILURES_BEFORE_DELAY: '3', LOGIN_RATE_LIMIT_PER_IP: '6' } });
  });

  afterAll(() => t.close());

  it('makes an e-mail wait after failures from one address, and limits attempts per IP', async () => {
    const attempt = (email: string) => t.http.post('/api/v1/auth/login').send({ email, password: 'Wrong-password-123' });
    const perEmail = [];
    for (let i = 0; i < 4; i += 1) perEmail.push((await attempt('target@test.local')).status);
    expect(perEmail).toEqual([401, 401, 401, 429]);
    const limited = await attempt('target@test.local');
    expect(limited.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    const perIp = [];
    for (let i = 0; i < 3; i += 1) perIp.push((await attempt(`other${i}@test.local`)).status);
    // The five attempts above count against the IP too (limit 6).
    expect(perIp).toEqual([401, 429, 429]);
  });
});
