import { DeliveryService } from '../../src/cashback/delivery.service';
import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase } from '../../src/customers/cpf';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims } from '../support/auth';
import { FakeCashbackApi } from '../support/fake-cashback-api';

// A delivery attempt is recorded together with what it changes on the purchase (attempt count,
// status): a process that dies between the two writes must leave both or neither. Each write is
// refused in turn by a trigger, standing in for the crash.
describe('recording a delivery attempt', () => {
  let t: TestApp;
  const api = new FakeCashbackApi();

  beforeAll(async () => {
    t = await createTestApp({ env: { CASHBACK_API_URL: await api.start() } });
    await t.app.get(SeedService).run();
    await t.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'write refused'; END $$`);
  });

  afterAll(async () => {
    await t.close();
    await api.stop();
  });

  const refusing = async (table: string, event: string, work: () => Promise<void>) => {
    await t.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_write()`);
    try {
      await work();
    } finally {
      await t.prisma.$executeRawUnsafe(`DROP TRIGGER refuse ON ${table}`);
    }
  };

  it('writes the attempt and the purchase together, or neither', async () => {
    const erp = await createUserWithClaims(t, [Claim.CashbackWrite]);
    const res = await t.http
      .post('/api/v1/cashback')
      .set(erp.auth)
      .send({ sold_at: '2026-01-02 10:00:00', customer: { document: cpfFromBase('271828182'), name: 'MARIA' }, total: '20.00', products: [{ type: 'C', value: '20.00', qty: 1 }] })
      .expect(201);
    const id = res.body.id as string;
    const delivery = t.app.get(DeliveryService);
    const state = async () => {
      const purchase = await t.prisma.cashbackPurchase.findUniqueOrThrow({ where: { id } });
      return { status: purchase.status, attempts: purchase.attempts, rows: await t.prisma.cashbackAttempt.count({ where: { purchaseId: id } }) };
    };

    await refusing('cashback_purchases', 'UPDATE', () => expect(delivery.deliver(id, false)).rejects.toThrow());
    expect(await state()).toEqual({ status: 'PENDING', attempts: 0, rows: 0 });
    await refusing('cashback_attempts', 'INSERT', () => expect(delivery.deliver(id, false)).rejects.toThrow());
    expect(await state()).toEqual({ status: 'PENDING', attempts: 0, rows: 0 });

    await delivery.deliver(id, false);
    expect(await state()).toEqual({ status: 'DELIVERED', attempts: 1, rows: 1 });
    // Each refused write came after the call had reached the receiver: at least once, never lost.
    expect(api.received.map((delivery) => delivery.idempotencyKey)).toEqual([id, id, id]);
  });
});
