import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase } from '../../src/customers/cpf';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims } from '../support/auth';
import { FakeCashbackApi } from '../support/fake-cashback-api';
import { sharedEnv, startApi, stopAll } from '../support/processes';

afterEach(stopAll);

const PURCHASES = 30;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The cashback API fails (500s, timeouts, dropped connections) while purchases arrive, the API
// process is killed with SIGKILL mid-run and started again: every accepted purchase ends DELIVERED.
describe('cashback delivery under faults', () => {
  let t: TestApp;
  const api = new FakeCashbackApi();

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
  });

  afterAll(async () => {
    await t.close();
    await api.stop();
  });

  it('loses no purchase through failures and a crash', async () => {
    const url = await api.start();
    const erp = await createUserWithClaims(t, [Claim.CashbackWrite]);
    const env = sharedEnv(t.database.url, {
      DATABASE_SEED_ON_START: 'false',
      CASHBACK_DELIVERY_ENABLED: 'true',
      CASHBACK_API_URL: url,
      CASHBACK_API_TIMEOUT_MS: '300',
      CASHBACK_DELIVERY_RETRY_LIMIT: '30',
      CASHBACK_DELIVERY_RETRY_DELAY_SECONDS: '1',
    });

    api.mode = 'error500';
    const first = await startApi(env);
    const accepted: string[] = [];
    for (let i = 0; i < PURCHASES; i += 1) {
      const res = await fetch(`${first.url}/api/v1/cashback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${erp.token}` },
        body: JSON.stringify({
          sold_at: '2026-01-02 10:00:00',
          customer: { document: cpfFromBase(String(400_000_000 + i * 37)), name: `CLIENTE ${i}` },
          total: '50.00',
          products: [{ type: 'C', value: '25.00', qty: 2 }],
        }),
      });
      expect(res.status).toBe(201);
      accepted.push(((await res.json()) as { id: string }).id);
      if (i === 10) api.mode = 'hang';
      if (i === 20) api.mode = 'reset';
    }
    await sleep(1500);
    api.mode = 'ok';
    await sleep(150);
    first.child.kill('SIGKILL');
    await first.exited;

    await startApi(env);
    const deadline = Date.now() + 100_000;
    let statuses: Array<{ status: string; count: number }> = [];
    for (;;) {
      statuses = (await t.prisma.cashbackPurchase.groupBy({ by: ['status'], _count: { _all: true } })).map((g) => ({ status: g.status, count: g._count._all }));
      if (statuses.length === 1 && statuses[0].status === 'DELIVERED') break;
      if (Date.now() > deadline) throw new Error(`not all delivered: ${JSON.stringify(statuses)}`);
      await sleep(500);
    }

    expect(statuses).toEqual([{ status: 'DELIVERED', count: PURCHASES }]);
    const keys = new Set(api.received.map((delivery) => delivery.idempotencyKey));
    expect([...keys].sort()).toEqual([...accepted].sort());
    expect(api.received.every((delivery) => delivery.cashback === '5.00')).toBe(true);
    const attempts = await t.prisma.cashbackAttempt.count();
    // At-least-once: a call the receiver accepted but whose answer was lost (to the crash, or to a
    // timeout on a loaded machine) is sent again. How many depends on timing; what must hold is
    // that every repeat is the same delivery under the same Idempotency-Key, which a receiver
    // honouring the key answers once.
    console.log(`cashback faults: ${PURCHASES} purchases, ${attempts} recorded attempts, ${api.received.length} received, ${api.duplicates} duplicate(s) at the receiver`);
    const byKey = new Map<string, Set<string>>();
    for (const delivery of api.received) byKey.set(delivery.idempotencyKey!, (byKey.get(delivery.idempotencyKey!) ?? new Set()).add(`${delivery.document}:${delivery.cashback}`));
    expect([...byKey.values()].filter((bodies) => bodies.size !== 1)).toEqual([]);
  });
});
