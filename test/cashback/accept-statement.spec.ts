import { CASHBACK_DELIVERY_QUEUE } from '../../src/cashback/delivery.constants';
import { cpfFromBase } from '../../src/customers/cpf';
import { Claim } from '../../src/platform/auth/claims';
import { QueueService } from '../../src/platform/queue/queue.service';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims } from '../support/auth';

const purchase = (base: string) => ({
  sold_at: '2026-02-03 10:00:00',
  customer: { document: cpfFromBase(base), name: 'CLIENTE DA SILVA' },
  total: '20.00',
  products: [{ type: 'A', value: '20.00', qty: 1 }],
});

// cashback_accept() writes the purchase's delivery job itself, in the same statement as the
// purchase: the job must be the one pg-boss's own send() writes, with the queue's settings, and a
// purchase must never be stored without it.
describe('accepting a purchase in one statement', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { CASHBACK_DELIVERY_ENABLED: 'true', CASHBACK_API_URL: 'http://127.0.0.1:9/unused' } });
    await t.app.get(SeedService).run();
  });

  // A delivery worker may fetch the job the moment it commits, so each job is read as it was
  // written, from a copy an AFTER INSERT trigger takes, not from pgboss.job later.
  const job = (where: string, value: string) =>
    t.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT name, data, priority, singleton_key, singleton_on, dead_letter, expire_in::text, (keep_until - start_after)::text AS keeps,
              retry_limit, retry_delay, retry_backoff, policy, state FROM written_jobs WHERE ${where} = $1`,
      value,
    );

  beforeAll(async () => {
    await t.prisma.$executeRawUnsafe('CREATE TABLE written_jobs AS SELECT * FROM pgboss.job WITH NO DATA');
    await t.prisma.$executeRawUnsafe(
      `CREATE FUNCTION copy_written_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO written_jobs SELECT NEW.*; RETURN NEW; END $$`,
    );
    await t.prisma.$executeRawUnsafe('CREATE TRIGGER copy_written_job AFTER INSERT ON pgboss.job FOR EACH ROW EXECUTE FUNCTION copy_written_job()');
  });

  afterAll(async () => {
    await t.prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS copy_written_job ON pgboss.job');
    await t.prisma.$executeRawUnsafe('DROP FUNCTION IF EXISTS copy_written_job()');
    await t.prisma.$executeRawUnsafe('DROP TABLE IF EXISTS written_jobs');
    await t.close();
  });

  it("writes the delivery job as pg-boss's send() does, with the delivery queue's settings", async () => {
    const erp = await createUserWithClaims(t, [Claim.CashbackWrite]);
    const res = await t.http.post('/api/v1/cashback').set(erp.auth).send(purchase('246813579'));
    expect(res.status).toBe(201);
    const [ours] = await job('singleton_key', res.body.id);
    const theirsId = await t.app.get(QueueService).send(CASHBACK_DELIVERY_QUEUE, { purchaseId: 'control' }, { singletonKey: 'control' });
    const [theirs] = await job('id::text', theirsId!);
    expect(ours).toEqual({ ...theirs, data: { purchaseId: res.body.id }, singleton_key: res.body.id });
    expect(ours).toMatchObject({ name: CASHBACK_DELIVERY_QUEUE, state: 'created', retry_backoff: true });
  });

  it('stores nothing, not even the customer, when the job cannot be written', async () => {
    const erp = await createUserWithClaims(t, [Claim.CashbackWrite]);
    const before = { purchases: await t.prisma.cashbackPurchase.count(), customers: await t.prisma.customer.count(), audits: await t.prisma.auditEvent.count() };
    await t.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'job refused'; END $$`);
    await t.prisma.$executeRawUnsafe('CREATE TRIGGER refuse_job BEFORE INSERT ON pgboss.job FOR EACH ROW EXECUTE FUNCTION refuse_job()');
    try {
      const res = await t.http.post('/api/v1/cashback').set(erp.auth).send(purchase('135792468'));
      expect(res.status).toBe(500);
    } finally {
      await t.prisma.$executeRawUnsafe('DROP TRIGGER refuse_job ON pgboss.job');
    }
    expect({ purchases: await t.prisma.cashbackPurchase.count(), customers: await t.prisma.customer.count(), audits: await t.prisma.auditEvent.count() }).toEqual(before);
  });
});
