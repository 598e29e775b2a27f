import { Claim } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

const ATTACKER = '203.0.113.66';
const OWNER = '198.51.100.7';
const WRONG = 'Wrong-password-123';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Behind one proxy (TRUST_PROXY=1): the client address is the last X-Forwarded-For entry.
describe('login lock-out per e-mail and client address (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1', LOGIN_FAILURES_BEFORE_DELAY: '3', LOGIN_DELAY_MAX_SECONDS: '900', LOGIN_RATE_LIMIT_PER_IP: '100000' } });
    await t.app.get(SeedService).run();
    admin = await createUserWithClaims(t, [Claim.UsersRead]);
    const adminRole = await t.prisma.role.findUniqueOrThrow({ where: { description: 'admin' } });
    await t.prisma.user.update({ where: { id: admin.id }, data: { roleId: adminRole.id } });
  });

  afterAll(() => t.close());

  const login = (from: string, email: string, password: string) => t.http.post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });

  it('someone failing from elsewhere slows only their own address, with a growing Retry-After, never the owner', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await login(ATTACKER, admin.email, WRONG)).status);
    expect(statuses).toEqual([401, 401, 401, ...Array(9).fill(429)]);

    const locked = await login(ATTACKER, admin.email, admin.password);
    expect(locked.status).toBe(429);
    expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(locked.body).toMatchObject({ code: 'TOO_MANY_LOGIN_ATTEMPTS', title: 'Too many login attempts' });
    expect(locked.body).not.toHaveProperty('accessToken');
    expect(locked.headers['retry-after']).toBe('1');

    const owner = await login(OWNER, admin.email, admin.password);
    expect(owner.status).toBe(200);
    expect((await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${owner.body.accessToken}`)).body.role.description).toBe('admin');

    // Each further failure of the attacker's pair doubles its wait.
    const waits: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      await sleep(Number(locked.headers['retry-after']) * 1000 * 2 ** i + 50);
      expect((await login(ATTACKER, admin.email, WRONG)).status).toBe(401);
      waits.push((await login(ATTACKER, admin.email, admin.password)).headers['retry-after']);
    }
    expect(waits).toEqual(['2', '4']);
    // Rotating the entries in front of the trusted hop changes nothing.
    expect((await login(`10.9.9.9, ${ATTACKER}`, admin.email, admin.password)).status).toBe(429);
  });

  it('counts an unknown e-mail like a known one, and a success clears the pair', async () => {
    const user = await createUserWithClaims(t, [Claim.UsersRead]);
    const from = '192.0.2.44';
    expect([(await login(from, user.email, WRONG)).status, (await login(from, user.email, WRONG)).status]).toEqual([401, 401]);
    expect((await login(from, user.email, user.password)).status).toBe(200);
    expect([(await login(from, user.email, WRONG)).status, (await login(from, user.email, WRONG)).status]).toEqual([401, 401]);
    const unknown = [];
    for (let i = 0; i < 4; i += 1) unknown.push((await login(from, 'nobody@test.local', WRONG)).status);
    expect(unknown).toEqual([401, 401, 401, 429]);
  });
});

describe('the per-IP login limit behind a proxy (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1', LOGIN_RATE_LIMIT_PER_IP: '5' } });
  });

  afterAll(() => t.close());

  const attempt = (forwardedFor: string, i: number) =>
    t.http.post('/api/v1/auth/login').set('X-Forwarded-For', forwardedFor).send({ email: `sprayed-${i}@test.local`, password: WRONG });

  it('is not escaped by rotating the X-Forwarded-For entries a client writes itself', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await attempt(`10.0.${i}.1, 172.16.${i}.9, ${ATTACKER}`, i)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await attempt(`192.168.1.1, ${ATTACKER}`, 99);
    expect(limited.body.code).toBe('RATE_LIMITED');
    // The trusted hop's entry is the client: another client behind the same proxy has its own budget.
    expect((await attempt(`10.0.0.1, ${OWNER}`, 100)).status).toBe(401);
  });

  it('TRUST_PROXY=true, which would believe every entry, is refused at start', async () => {
    await expect(createTestApp({ env: { TRUST_PROXY: 'true' }, database: t.database })).rejects.toThrow(/TRUST_PROXY must not be true/);
  });
});
