import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser, tokenFor } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';

/**
 * The database goes away under a running API (its connections dropped, new ones refused) and comes
 * back. While it is away, callers with valid tokens get 503 problem+json with Retry-After, never a
 * 401 that would make them throw their tokens away, and readiness says the database is down. Once
 * it is back, the same requests succeed without a restart.
 */
describe('database outage (e2e)', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;
  let reader: TestUser;

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await startTcpProxy(database.url);
    t = await createTestApp({ database: { ...database, url: proxy.url }, env: { DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_QUERY_TIMEOUT_MS: '1000' } });
    reader = await createUserWithClaims(t, ['customers:read']);
  });

  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('answers 503 DATABASE_UNAVAILABLE while the database is unreachable, and serves again once it is back', async () => {
    const before = await t.http.get('/api/v1/customers').set(reader.auth);
    expect(before.status).toBe(200);
    // A token seen before (verified, remembered) and one never seen: both paths read the user.
    const fresh = { Authorization: `Bearer ${await tokenFor(t, reader.id, 600)}` };

    await proxy.cut();
    for (const [path, auth] of [['/api/v1/customers', reader.auth], ['/api/v1/auth/me', fresh], ['/api/v1/customers', fresh]] as const) {
      const res = await t.http.get(path).set(auth);
      expect({ path, status: res.status, type: res.headers['content-type'], code: res.body.code }).toEqual({
        path,
        status: 503,
        type: expect.stringContaining('application/problem+json'),
        code: 'DATABASE_UNAVAILABLE',
      });
      expect(res.headers['retry-after']).toBe('5');
      expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|postgres|ECONN/i);
    }
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.code).toBe('NOT_READY');
    expect(ready.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);

    await proxy.restore();
    expect((await t.http.get('/api/v1/customers').set(reader.auth)).status).toBe(200);
    expect((await t.http.get('/health/ready')).status).toBe(200);
  });

  it('answers 503 within the query timeout while the database is frozen, and serves again once it answers', async () => {
    const writer = await createUserWithClaims(t, ['customers:read', 'cards:manage']);
    expect((await t.http.get('/api/v1/customers').set(writer.auth)).status).toBe(200);
    proxy.freeze();
    try {
      const started = performance.now();
      const [read, write] = await Promise.all([
        t.http.get('/api/v1/customers').set(writer.auth),
        t.http.post('/api/v1/accounts').set(writer.auth).send({ id: 'frozen-1', balances: { FOOD: 1, MEAL: 0, CASH: 0 } }),
      ]);
      const elapsed = performance.now() - started;
      console.log(`database frozen: 503s after ${elapsed.toFixed(0)} ms (query timeout 1000 ms)`);
      expect([read.status, read.body.code, write.status, write.body.code]).toEqual([503, 'DATABASE_UNAVAILABLE', 503, 'DATABASE_UNAVAILABLE']);
      expect(elapsed).toBeLessThan(5000);
    } finally {
      proxy.thaw();
    }
    expect((await t.http.get('/api/v1/customers').set(writer.auth)).status).toBe(200);
    expect(await t.prisma.cardAccount.count({ where: { id: 'frozen-1' } })).toBe(0);
  });

  it('still refuses a token of an unknown user with 401 once the database answers', async () => {
    const ghost = await createUserWithClaims(t, ['customers:read']);
    await t.prisma.user.update({ where: { id: ghost.id }, data: { active: false } });
    const res = await t.http.get('/api/v1/customers').set(ghost.auth);
    expect(res.status).toBe(401);
  });
});

/**
 * The card authorizer has its own, tighter bound (CARD_AUTHORIZATION_TIMEOUT_MS) than every other
 * route (DATABASE_QUERY_TIMEOUT_MS): with the database frozen it answers within it, under the card
 * network's contract (200, code 07), and the authorization held in the frozen connection changes
 * nothing once the database answers again, so the same id then gets a fresh, single decision.
 */
describe('card authorizer with the database frozen (e2e)', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await startTcpProxy(database.url);
    t = await createTestApp({
      database: { ...database, url: proxy.url },
      env: { DATABASE_CONNECT_TIMEOUT_MS: '10000', DATABASE_QUERY_TIMEOUT_MS: '10000', CARD_AUTHORIZATION_TIMEOUT_MS: '300', AUTH_CACHE_TTL_MS: '60000' },
    });
  });

  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await database?.drop();
  });

  it('answers within its own bound, well under the query timeout, and debits nothing later', async () => {
    const network = await createUserWithClaims(t, ['cards:authorize', 'cards:manage']);
    expect((await t.http.post('/api/v1/accounts').set(network.auth).send({ id: 'frozen-card', balances: { FOOD: 100, MEAL: 0, CASH: 0 } })).status).toBe(201);
    const tx = { id: 'tx-frozen-1', account: 'frozen-card', totalAmount: 30, mcc: '5411', merchant: 'MERCADO' };
    const authorize = () => t.http.post('/api/v1/transactions').set(network.auth).send(tx);
    // The token's user is read (and remembered) before the freeze, so only the authorizer waits.
    expect((await t.http.post('/api/v1/transactions').set(network.auth).send({ ...tx, id: 'tx-warm', totalAmount: 10 })).body).toEqual({ code: '00' });

    proxy.freeze();
    let answers: Array<{ status: number; body: unknown }>;
    let elapsed: number;
    try {
      const started = performance.now();
      answers = await Promise.all([authorize(), authorize(), t.http.post('/api/v1/transactions').set(network.auth).send({ ...tx, id: 'tx-frozen-2' })]);
      elapsed = performance.now() - started;
      console.log(`database frozen: card authorizations answered after ${elapsed.toFixed(0)} ms (bound 300 ms, query timeout 10000 ms)`);
      // Held a while, so the statements reach the database only after their deadline.
      await new Promise((resolve) => setTimeout(resolve, 400));
    } finally {
      proxy.thaw();
    }
    expect(answers.map(({ status, body }) => ({ status, body }))).toEqual(Array(3).fill({ status: 200, body: { code: '07' } }));
    expect(elapsed).toBeLessThan(2000);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await t.prisma.cardLedgerEntry.count({ where: { id: { in: ['tx-frozen-1', 'tx-frozen-2'] } } })).toBe(0);
    expect((await t.prisma.cardAccount.findUniqueOrThrow({ where: { id: 'frozen-card' } })).foodCents).toBe(9000n);

    // The same id again: one decision, one debit, and its replay answers the same.
    expect((await authorize()).body).toEqual({ code: '00' });
    expect((await authorize()).body).toEqual({ code: '00' });
    expect((await t.prisma.cardAccount.findUniqueOrThrow({ where: { id: 'frozen-card' } })).foodCents).toBe(6000n);
    expect(await t.prisma.cardLedgerEntry.count({ where: { id: 'tx-frozen-1' } })).toBe(1);
    const metrics = await t.http.get('/metrics');
    expect(metrics.text).toMatch(/^card_authorization_timeouts_total 3$/m);
  });
});
