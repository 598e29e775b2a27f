import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase, formatCpf } from '../../src/customers/cpf';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

/**
 * Security checks through the real application: security headers, CORS, rate limits, tampered and
 * misused access tokens, and what one caller may see or end of another's.
 *
 * Four apps share one database: the main one (CORS for https://app.example), one with CORS unset
 * (the default), one with a small global rate limit and one with small login limits. Rate limit
 * counters live in each process, so every limit starts fresh in its own app.
 */

const ALLOWED_ORIGIN = 'https://app.example';
const SECRET = process.env.JWT_SECRET!;
const ISSUER = 'benefits-platform-api';
const AUDIENCE = 'benefits-platform-api';

const INVALID = 'The access token is invalid.';
const EXPIRED = 'The access token has expired; refresh it or log in again.';
const INACTIVE = 'The access token does not belong to an active user.';
const MISSING = 'Send an access token: Authorization: Bearer <token> (POST /api/v1/auth/login).';

const b64url = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const accessClaims = (userId: bigint) => ({ sub: userId.toString(), typ: 'access', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600 });

/** A JWT signed by hand with an HMAC, whatever the header claims. */
function hmacToken(header: object, payload: object, secret: string = SECRET, digest = 'sha256'): string {
  const body = `${b64url(header)}.${b64url(payload)}`;
  return `${body}.${createHmac(digest, secret).update(body).digest('base64url')}`;
}

/** The same token with its payload replaced and its original signature kept. */
function withPayload(token: string, payload: object): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64url(payload)}.${signature}`;
}

const decodePayload = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

const SECURITY_HEADERS = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
};

function expectSecurityHeaders(res: Response): void {
  expect(res.headers).toMatchObject(SECURITY_HEADERS);
  expect(res.headers['x-powered-by']).toBeUndefined();
  const csp = res.headers['content-security-policy'];
  expect(csp).toBeDefined();
  const directives = Object.fromEntries(
    csp.split(';').map((directive: string) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
  expect(directives).toMatchObject({
    'default-src': "'self'",
    'frame-ancestors': "'self'",
    'object-src': "'none'",
    'script-src': "'self'",
    'script-src-attr': "'none'",
    'base-uri': "'self'",
  });
  // Plain HTTP stays usable (development, TLS ended at a proxy): no upgrade of Swagger UI's assets.
  expect(directives).not.toHaveProperty('upgrade-insecure-requests');
}

function expectProblem(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: `urn:benefits-platform:problem:${code.toLowerCase().replace(/_/g, '-')}`, requestId: res.headers['x-request-id'] });
}

function expectUnauthenticated(res: Response, detail: string): void {
  expectProblem(res, 401, 'UNAUTHENTICATED');
  expect(res.headers['www-authenticate']).toBe('Bearer');
  expect(res.body.detail).toBe(detail);
}

const accessControlHeaders = (res: Response) => Object.keys(res.headers).filter((name) => name.startsWith('access-control-'));

describe('security checks (e2e)', () => {
  let t: TestApp;
  let plain: TestApp;
  let limited: TestApp;
  let logins: TestApp;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: ALLOWED_ORIGIN, BODY_LIMIT: '2kb' } });
    // One at a time: createTestApp sets process.env for the app it builds.
    plain = await createTestApp({ database: t.database });
    limited = await createTestApp({ env: { THROTTLE_LIMIT: '5', THROTTLE_TTL_MS: '60000', CORS_ORIGINS: ALLOWED_ORIGIN }, database: t.database });
    logins = await createTestApp({ env: { LOGIN_FAILURES_BEFORE_DELAY: '3', LOGIN_DELAY_MAX_SECONDS: '60', LOGIN_RATE_LIMIT_PER_IP: '8' }, database: t.database });
    alice = await createUserWithClaims(t, [Claim.UsersRead]);
    bob = await createUserWithClaims(t, [Claim.UsersRead]);
  });

  afterAll(async () => {
    await Promise.all([plain, limited, logins].map((app) => app?.close()));
    await t?.close();
  });

  describe('security headers', () => {
    it('are sent on an API answer, on error answers and on the documentation', async () => {
      const answers = {
        api: await t.http.get('/api/v1/auth/me').set(alice.auth),
        unauthenticated: await t.http.get('/api/v1/users'),
        unknownRoute: await t.http.get('/api/v1/no-such-route'),
        docs: await t.http.get('/docs/'),
        docsJson: await t.http.get('/docs-json'),
      };
      expect(Object.fromEntries(Object.entries(answers).map(([name, res]) => [name, res.status]))).toEqual({ api: 200, unauthenticated: 401, unknownRoute: 404, docs: 200, docsJson: 200 });
      for (const res of Object.values(answers)) expectSecurityHeaders(res);
      expect(answers.docs.headers['content-type']).toMatch(/^text\/html/);
      expectProblem(answers.unauthenticated, 401, 'UNAUTHENTICATED');
      expectProblem(answers.unknownRoute, 404, 'ROUTE_NOT_FOUND');
    });

    it('are sent by the app with CORS unset too', async () => {
      expectSecurityHeaders(await plain.http.get('/api/v1/auth/me').set(alice.auth));
    });

    it('answer unreadable bodies as problem+json', async () => {
      expectProblem(await t.http.post('/api/v1/auth/login').set('Origin', ALLOWED_ORIGIN).set('Content-Type', 'application/json').send('{"email":'), 400, 'MALFORMED_BODY');
      expectProblem(await t.http.post('/api/v1/auth/login').set('Origin', ALLOWED_ORIGIN).send({ email: 'x'.repeat(4096) }), 413, 'PAYLOAD_TOO_LARGE');
    });

    // Helmet and CORS run before the body parsers, so their refusals carry the headers too.
    it('are sent, with CORS, on answers to unreadable bodies (400 MALFORMED_BODY, 413 PAYLOAD_TOO_LARGE)', async () => {
      const malformed = await t.http.post('/api/v1/auth/login').set('Origin', ALLOWED_ORIGIN).set('Content-Type', 'application/json').send('{"email":');
      const tooLarge = await t.http.post('/api/v1/auth/login').set('Origin', ALLOWED_ORIGIN).send({ email: 'x'.repeat(4096) });
      for (const res of [malformed, tooLarge]) {
        expectSecurityHeaders(res);
        expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      }
    });
  });

  describe('CORS', () => {
    it('answers a preflight from the allowed origin with the origin, methods, headers and exposed headers', async () => {
      const res = await t.http
        .options('/api/v1/users')
        .set('Origin', ALLOWED_ORIGIN)
        .set('Access-Control-Request-Method', 'PATCH')
        .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(res.headers['access-control-allow-methods'].split(',')).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
      expect(res.headers['access-control-allow-headers']).toBe('authorization,content-type,idempotency-key');
      expect(res.headers['access-control-expose-headers']).toBe('X-Request-Id,Retry-After,Idempotent-Replayed');
      expect(res.headers['access-control-max-age']).toBe('600');
      expect(res.headers.vary).toMatch(/\bOrigin\b/);
      // Bearer tokens, not cookies: credentials are never allowed cross-origin.
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('adds the origin and exposed headers to real answers from the allowed origin, errors included', async () => {
      for (const res of [await t.http.get('/api/v1/auth/me').set(alice.auth).set('Origin', ALLOWED_ORIGIN), await t.http.get('/api/v1/users').set('Origin', ALLOWED_ORIGIN)]) {
        expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
        expect(res.headers['access-control-expose-headers']).toBe('X-Request-Id,Retry-After,Idempotent-Replayed');
        expect(res.headers['access-control-allow-credentials']).toBeUndefined();
        expect(res.headers.vary).toMatch(/\bOrigin\b/);
      }
    });

    it('gives no Access-Control-Allow-Origin to other origins, look-alikes included', async () => {
      const others = ['https://evil.example', 'http://app.example', 'https://app.example:8443', 'https://app.example.evil.example', 'https://sub.app.example', 'null'];
      for (const origin of others) {
        const preflight = await t.http.options('/api/v1/users').set('Origin', origin).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization');
        const simple = await t.http.get('/api/v1/auth/me').set(alice.auth).set('Origin', origin);
        expect({ origin, preflight: preflight.headers['access-control-allow-origin'], simple: simple.headers['access-control-allow-origin'] }).toEqual({ origin, preflight: undefined, simple: undefined });
        expect(simple.status).toBe(200);
      }
    });

    it('sends no CORS headers at all when CORS_ORIGINS is unset (the default)', async () => {
      const preflight = await plain.http.options('/api/v1/users').set('Origin', ALLOWED_ORIGIN).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization');
      const simple = await plain.http.get('/api/v1/auth/me').set(alice.auth).set('Origin', ALLOWED_ORIGIN);
      const error = await plain.http.get('/api/v1/users').set('Origin', ALLOWED_ORIGIN);
      expect(simple.status).toBe(200);
      expect(error.status).toBe(401);
      for (const res of [preflight, simple, error]) expect(accessControlHeaders(res)).toEqual([]);
    });
  });

  describe('global rate limit (THROTTLE_LIMIT=5 per minute)', () => {
    let cards: TestUser;

    beforeAll(async () => {
      cards = await createUserWithClaims(limited, [Claim.CardsAuthorize]);
    });

    it('counts requests before authentication and answers 429 problem+json with Retry-After', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await limited.http.get('/api/v1/users')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      const res = await limited.http.get('/api/v1/users').set('Origin', ALLOWED_ORIGIN);
      expectProblem(res, 429, 'RATE_LIMITED');
      expect(res.body).toMatchObject({ title: 'Too many requests', detail: 'Rate limit exceeded; retry later.' });
      const retryAfter = Number(res.headers['retry-after']);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      // A browser client on the allowed origin can read the answer and its Retry-After.
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(res.headers['access-control-expose-headers']).toContain('Retry-After');
    });

    it('holds for a valid token and for a forged X-Forwarded-For (TRUST_PROXY is off)', async () => {
      expectProblem(await limited.http.get('/api/v1/users').set(alice.auth), 429, 'RATE_LIMITED');
      expectProblem(await limited.http.get('/api/v1/users').set('X-Forwarded-For', '203.0.113.7'), 429, 'RATE_LIMITED');
    });

    it('never limits health, readiness, metrics or the card authorizer', async () => {
      for (let i = 0; i < 7; i += 1) {
        const [live, ready, metrics, authorize] = await Promise.all([
          limited.http.get('/health/live'),
          limited.http.get('/health/ready'),
          limited.http.get('/metrics'),
          limited.http.post('/api/v1/transactions').set(cards.auth).send({}),
        ]);
        expect([live.status, ready.status, metrics.status, authorize.status]).toEqual([200, 200, 200, 200]);
        expect(authorize.body).toEqual({ code: '07' });
      }
    });

    // One budget per client for the whole API (the throttler's own key would be per route).
    it('limits a client across routes, not per route', async () => {
      expect((await limited.http.get('/api/v1/users')).status).toBe(429);
      expectProblem(await limited.http.get('/api/v1/auth/me').set(alice.auth), 429, 'RATE_LIMITED');
    });
  });

  describe('login limits (a wait after 3 failures of one e-mail from one address, 8 per IP)', () => {
    const attempt = (email: string, password = 'Wrong-password-123') => logins.http.post('/api/v1/auth/login').send({ email, password });

    it('count an e-mail whatever its case and spacing, refuse even the right password while it waits, with Retry-After, and leave other e-mails alone', async () => {
      const statuses = [
        (await attempt(alice.email)).status,
        (await attempt(alice.email.toUpperCase())).status,
        (await attempt(`  ${alice.email}  `)).status,
      ];
      expect(statuses).toEqual([401, 401, 401]);
      const refused = await attempt(alice.email, alice.password);
      expectProblem(refused, 429, 'TOO_MANY_LOGIN_ATTEMPTS');
      expect(refused.body).not.toHaveProperty('accessToken');
      expect(refused.headers['retry-after']).toBe('1');
      expect((await attempt(bob.email, bob.password)).status).toBe(200);
    });

    // The named login throttler would send Retry-After-login-ip; the standard header is added.
    it('answer 429 with a Retry-After header past the per-IP limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const res = await attempt(`sprayed-${i}@test.local`);
        statuses.push(res.status);
        if (res.status === 429) {
          expectProblem(res, 429, 'RATE_LIMITED');
          expect(res.headers['retry-after']).toMatch(/^\d+$/);
        }
      }
      // Five attempts above count against the IP too (limit 8).
      expect(statuses).toEqual([401, 401, 401, 429]);
    });
  });

  describe('access tokens', () => {
    const me = (authorization: string) => t.http.get('/api/v1/auth/me').set('Authorization', authorization);
    const readUser = (authorization: string) => t.http.get(`/api/v1/users/${bob.id}`).set('Authorization', authorization);

    it('a valid token works, whatever the case of the scheme (control)', async () => {
      for (const authorization of [`Bearer ${alice.token}`, `bearer ${alice.token}`]) {
        const res = await readUser(authorization);
        expect(res.status).toBe(200);
        expect(res.body.id).toBe(Number(bob.id));
      }
      const jwt = t.app.get(JwtService);
      expect((await readUser(`Bearer ${await jwt.signAsync({ sub: alice.id.toString(), typ: 'access' }, { expiresIn: 60 })}`)).status).toBe(200);
      expect((await readUser(`Bearer ${hmacToken({ alg: 'HS256', typ: 'JWT' }, accessClaims(alice.id))}`)).status).toBe(200);
    });

    it('a payload changed under the original signature is refused, and never read as the other user', async () => {
      const forged = withPayload(alice.token, { ...decodePayload(alice.token), sub: bob.id.toString() });
      const res = await me(`Bearer ${forged}`);
      expectUnauthenticated(res, INVALID);
      expect(JSON.stringify(res.body)).not.toContain(bob.email);
      // Longer lifetime or more rights under the old signature: refused as well.
      expectUnauthenticated(await me(`Bearer ${withPayload(alice.token, { ...decodePayload(alice.token), exp: now() + 365 * 86_400 })}`), INVALID);
      expectUnauthenticated(await me(`Bearer ${withPayload(alice.token, { ...decodePayload(alice.token), claims: ['users:write'] })}`), INVALID);
    });

    it('unsigned, other-algorithm and other-key tokens are refused', async () => {
      const jwt = t.app.get(JwtService);
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const rsBody = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(accessClaims(alice.id))}`;
      const rs256 = `${rsBody}.${createSign('RSA-SHA256').update(rsBody).sign(privateKey).toString('base64url')}`;
      const [header, payload] = alice.token.split('.');
      const cases: Record<string, string> = {
        'alg none, no signature': `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(accessClaims(alice.id))}.`,
        'alg None, signature stripped': `${b64url({ alg: 'None', typ: 'JWT' })}.${payload}.`,
        'valid header, signature stripped': `${header}.${payload}.`,
        'HS512 with the right secret': hmacToken({ alg: 'HS512', typ: 'JWT' }, accessClaims(alice.id), SECRET, 'sha512'),
        'HS384 with the right secret': hmacToken({ alg: 'HS384', typ: 'JWT' }, accessClaims(alice.id), SECRET, 'sha384'),
        'RS256 with its own key': rs256,
        'RS256 header, HMAC signature with the secret': hmacToken({ alg: 'RS256', typ: 'JWT' }, accessClaims(alice.id)),
        'another secret': await jwt.signAsync({ sub: alice.id.toString(), typ: 'access' }, { secret: 'another-secret-that-is-long-enough-0123456789', expiresIn: 600 }),
      };
      for (const [name, token] of Object.entries(cases)) {
        const res = await readUser(`Bearer ${token}`);
        expect({ name, status: res.status }).toEqual({ name, status: 401 });
        expectUnauthenticated(res, INVALID);
      }
    });

    it('expired, not-yet-valid, wrong-issuer and wrong-audience tokens are refused', async () => {
      const jwt = t.app.get(JwtService);
      const sub = alice.id.toString();
      const expired = await jwt.signAsync({ sub, typ: 'access', iat: now() - 1_000, exp: now() - 60 });
      expect(decodePayload(expired)).toMatchObject({ iss: ISSUER, aud: AUDIENCE });
      expectUnauthenticated(await readUser(`Bearer ${expired}`), EXPIRED);
      const cases = {
        'not before in ten minutes': await jwt.signAsync({ sub, typ: 'access' }, { notBefore: 600, expiresIn: 900 }),
        'wrong issuer': await jwt.signAsync({ sub, typ: 'access' }, { issuer: 'someone-else', expiresIn: 600 }),
        'wrong audience': await jwt.signAsync({ sub, typ: 'access' }, { audience: 'someone-else', expiresIn: 600 }),
        'audience list without ours': await jwt.signAsync({ sub, typ: 'access' }, { audience: ['a', 'b'], expiresIn: 600 }),
      };
      for (const [name, token] of Object.entries(cases)) {
        const res = await readUser(`Bearer ${token}`);
        expect({ name, status: res.status }).toEqual({ name, status: 401 });
        expectUnauthenticated(res, INVALID);
      }
    });

    it('a refresh token is no access token, and an access token is no refresh token', async () => {
      const pair = (await t.http.post('/api/v1/auth/login').send({ email: alice.email, password: alice.password })).body;
      expect(pair.refreshToken).toMatch(/^rt_/);
      expectUnauthenticated(await readUser(`Bearer ${pair.refreshToken}`), INVALID);
      const asRefresh = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: pair.accessToken });
      expectProblem(asRefresh, 400, 'VALIDATION_FAILED');
      expect(asRefresh.body.invalidParams.map((param: { name: string }) => param.name)).toEqual(['refreshToken']);
      expectProblem(await t.http.post('/api/v1/auth/refresh').send({ refreshToken: `rt_${pair.accessToken.split('.')[2]}` }), 401, 'INVALID_REFRESH_TOKEN');
      // A correctly signed JWT that is not typed as an access token is refused too.
      const jwt = t.app.get(JwtService);
      for (const typ of ['refresh', undefined]) {
        const token = await jwt.signAsync({ sub: alice.id.toString(), ...(typ ? { typ } : {}) }, { expiresIn: 600 });
        expectUnauthenticated(await readUser(`Bearer ${token}`), INACTIVE);
      }
    });

    it('tokens of disabled, deleted or unknown users are refused, even after being accepted once', async () => {
      const disabled = await createUserWithClaims(t, [Claim.UsersRead], { active: false });
      expectUnauthenticated(await readUser(disabled.auth.Authorization), INACTIVE);
      const deleted = await createUserWithClaims(t, [Claim.UsersRead]);
      expect((await readUser(deleted.auth.Authorization)).status).toBe(200);
      await t.prisma.user.delete({ where: { id: deleted.id } });
      expectUnauthenticated(await readUser(deleted.auth.Authorization), INACTIVE);
      const jwt = t.app.get(JwtService);
      for (const sub of ['999999999', 'abc', '-1', '1e3', '12345678901234567890']) {
        const token = await jwt.signAsync({ sub, typ: 'access' }, { expiresIn: 600 });
        const res = await readUser(`Bearer ${token}`);
        expect({ sub, status: res.status }).toEqual({ sub, status: 401 });
        expectUnauthenticated(res, INACTIVE);
      }
    });

    it('garbage, empty and misplaced credentials are refused', async () => {
      for (const authorization of ['Bearer garbage', 'Bearer a.b.c', 'Bearer eyJhbGciOiJIUzI1NiJ9', `Bearer ${alice.token}x`, `Bearer ${'A'.repeat(8_000)}`]) {
        const res = await readUser(authorization);
        expect({ authorization: authorization.slice(0, 40), status: res.status }).toEqual({ authorization: authorization.slice(0, 40), status: 401 });
        expectUnauthenticated(res, INVALID);
      }
      for (const authorization of ['Bearer', 'Bearer ', `Token ${alice.token}`, `Basic ${Buffer.from(`${alice.email}:${alice.password}`).toString('base64')}`, alice.token]) {
        expectUnauthenticated(await readUser(authorization), MISSING);
      }
      // Only the Authorization header carries a token: not the query string, not a cookie.
      expectUnauthenticated(await t.http.get(`/api/v1/users/${bob.id}?access_token=${alice.token}`), MISSING);
      expectUnauthenticated(await t.http.get(`/api/v1/users/${bob.id}`).set('Cookie', `access_token=${alice.token}`), MISSING);
    });
  });

  /*
   * Scoping. Cashback purchases belong to their poster (test/cashback/tenancy.e2e.spec.ts) and
   * devices to their owner (test/telemetry/device-ownership.e2e.spec.ts); the rest is shared by
   * every holder of a claim. The routes scoped to the caller here:
   * - GET  /api/v1/auth/me: the token's subject, never anyone named in the request;
   * - POST /api/v1/auth/logout: revokes the given refresh token only when it is the caller's,
   *   otherwise every session of the caller;
   * - PATCH/DELETE /api/v1/users/:id: any user but the caller may be disabled or deleted.
   * Within a claim, customers' tier A (CPF, name, address, debts) also needs
   * customers:read-sensitive on every answer that carries a customer (or a purchase's CPF),
   * writes included. Card accounts and telemetry reads are open to any holder of the claim.
   */
  describe('scoping to the caller', () => {
    it('/auth/me answers the token subject only', async () => {
      expect((await t.http.get('/api/v1/auth/me').set(alice.auth).query({ id: bob.id.toString() })).body).toMatchObject({ id: Number(alice.id), email: alice.email });
      expect((await t.http.get('/api/v1/auth/me').set(bob.auth)).body).toMatchObject({ id: Number(bob.id), email: bob.email });
    });

    it("a user cannot log another out with the other's refresh token: only the caller's own sessions end", async () => {
      const login = (user: TestUser) => t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).then((res) => res.body as { accessToken: string; refreshToken: string });
      const alices = await login(alice);
      const bobs = await login(bob);
      const out = await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${bobs.accessToken}`).send({ refreshToken: alices.refreshToken });
      expect(out.status).toBe(204);
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: alices.refreshToken })).status).toBe(200);
      expectProblem(await t.http.post('/api/v1/auth/refresh').send({ refreshToken: bobs.refreshToken }), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('an administrator cannot disable themselves, and users:read never shows password hashes', async () => {
      const admin = await createUserWithClaims(t, [Claim.UsersRead, Claim.UsersWrite]);
      expectProblem(await t.http.patch(`/api/v1/users/${admin.id}`).set(admin.auth).send({ active: false }), 409, 'CANNOT_DELETE_SELF');
      expect((await t.http.get('/api/v1/auth/me').set(admin.auth)).status).toBe(200);
      const one = await t.http.get(`/api/v1/users/${admin.id}`).set(alice.auth);
      const page = await t.http.get('/api/v1/users').query({ pageSize: 100 }).set(alice.auth);
      expect(one.status).toBe(200);
      expect(Object.keys(one.body).sort()).toEqual(['active', 'claims', 'createdAt', 'directClaims', 'email', 'id', 'name', 'role', 'updatedAt']);
      expect(page.body.items.length).toBeGreaterThanOrEqual(3);
      for (const text of [one.text, page.text]) expect(text).not.toMatch(/argon2|password/i);
    });

    it('a customers:write holder without customers:read-sensitive never receives tier A, not even in its own writes', async () => {
      const operator = await createUserWithClaims(t, [Claim.CustomersRead, Claim.CustomersWrite]);
      const cpf = cpfFromBase('271828182');
      const created = await t.http.post('/api/v1/customers').set(operator.auth).send({
        cpf: formatCpf(cpf),
        name: 'Ana Beatriz Souza',
        address: { street: 'Rua Segura', number: '7', city: 'Curitiba', state: 'PR', postalCode: '80010-000' },
        debts: [{ creditor: 'Credora Sigilosa', amount: '250.00', dueDate: '2026-12-01', status: 'OPEN' }],
        birthDate: '1990-07-14',
      });
      expect(created.status).toBe(201);
      const updated = await t.http.patch(`/api/v1/customers/${created.body.id}`).set(operator.auth).send({ name: 'Ana Beatriz Souza Lima' });
      const found = await t.http.get('/api/v1/customers').query({ cpf }).set(operator.auth);
      expect([updated.status, found.status]).toEqual([200, 200]);
      expect(found.body.items).toHaveLength(1);
      for (const answer of [created.body, updated.body, found.body.items[0]]) {
        expect(Object.keys(answer).sort()).toEqual(['createdAt', 'id', 'scoreData', 'updatedAt']);
        expect(JSON.stringify(answer)).not.toMatch(/Ana|Segura|Sigilosa|271\.?828/);
      }
      expect(await t.prisma.auditEvent.count({ where: { action: 'customer.read-sensitive', actorUserId: operator.id } })).toBe(0);
      // Control: the same customer read with customers:read-sensitive carries tier A.
      const sensitive = await createUserWithClaims(t, [Claim.CustomersRead, Claim.CustomersReadSensitive]);
      expect((await t.http.get(`/api/v1/customers/${created.body.id}`).set(sensitive.auth)).body).toMatchObject({ name: 'Ana Beatriz Souza Lima', cpf: formatCpf(cpf) });
    });

    // Idempotency keys are unique per poster: each ERP has its own key space.
    it("one ERP's Idempotency-Key neither replays nor blocks another ERP's purchase", async () => {
      await t.prisma.productType.upsert({ where: { code: 'SEC' }, create: { code: 'SEC', description: 'Security checks', rateBps: 500 }, update: {} });
      const [erpA, erpB] = await Promise.all([1, 2].map(() => createUserWithClaims(t, [Claim.CashbackWrite, Claim.CashbackRead])));
      const purchase = (total: string) => ({ sold_at: '2026-01-02 00:00:00', customer: { document: formatCpf(cpfFromBase('161803398')), name: 'CLIENTE' }, total, products: [{ type: 'SEC', value: total, qty: 1 }] });
      const first = await t.http.post('/api/v1/cashback').set(erpA.auth).set('Idempotency-Key', 'order-1').send(purchase('10.00'));
      const second = await t.http.post('/api/v1/cashback').set(erpA.auth).set('Idempotency-Key', 'order-2').send(purchase('10.00'));
      expect([first.status, second.status]).toEqual([201, 201]);
      const same = await t.http.post('/api/v1/cashback').set(erpB.auth).set('Idempotency-Key', 'order-1').send(purchase('10.00'));
      const other = await t.http.post('/api/v1/cashback').set(erpB.auth).set('Idempotency-Key', 'order-2').send(purchase('20.00'));
      expect({ status: same.status, replayed: same.headers['idempotent-replayed'], sameId: same.body.id === first.body.id }).toEqual({ status: 201, replayed: undefined, sameId: false });
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 201, code: undefined });
    });
  });
});
