import { Client } from 'pg';
import { CASHBACK_DELIVERY_QUEUE } from '../../src/cashback/delivery.constants';
import { cpfFromBase } from '../../src/customers/cpf';
import { Claim } from '../../src/platform/auth/claims';
import { BlindIndex } from '../../src/platform/crypto/blind-index';
import { QueueService } from '../../src/platform/queue/queue.service';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims } from '../support/auth';
import { eventually } from '../support/wait';

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

  it('answers a request that lost a race on its Idempotency-Key (the unique key refused its statement) as a replay of the winner', async () => {
    const erp = await createUserWithClaims(t, [Claim.CashbackWrite]);
    const body = purchase('975318642');
    // Both requests find no purchase with the key, then queue on the CPF's lock, held here: the
    // first to get it commits, the second's insert then meets the committed key.
    const cpfLock = t.app.get(BlindIndex).of('cpf', body.customer.document);
    const holder = new Client({ connectionString: t.database.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [cpfLock]);
      const racing = Promise.all([1, 2].map(() => t.http.post('/api/v1/cashback').set(erp.auth).set('Idempotency-Key', 'erp-lost-race').send(body).then((res) => res)));
      await eventually(
        async () =>
          (
            await holder.query<{ waiting: number }>(
              `SELECT count(*)::int AS waiting FROM pg_locks
                WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
              [cpfLock],
            )
          ).rows[0].waiting === 2,
        10_000,
        'both requests waiting on the CPF lock',
      );
      await holder.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [cpfLock]);
      const answers = await racing;
      expect(answers.map((res) => res.status)).toEqual([201, 201]);
      expect(answers.map((res) => res.headers['idempotent-replayed'] === 'true').sort()).toEqual([false, true]);
      expect(answers[1].body.id).toBe(answers[0].body.id);
    } finally {
      await holder.end();
    }
    expect(await t.prisma.cashbackPurchase.count({ where: { idempotencyKey: 'erp-lost-race' } })).toBe(1);
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
