import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase, formatCpf, maskCpf } from '../../src/customers/cpf';
import { FieldCipher } from '../../src/platform/crypto/field-cipher';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { eventually } from '../support/wait';
import { createUserWithClaims, TestUser } from '../support/auth';
import { FakeCashbackApi } from '../support/fake-cashback-api';

const CPF = cpfFromBase('314159265');

const purchase = (overrides: Record<string, unknown> = {}) => ({
  sold_at: '2026-01-02 00:00:00',
  customer: { document: formatCpf(CPF), name: 'JOSE DA SILVA' },
  total: '100.00',
  products: [
    { type: 'A', value: '10.00', qty: 1 },
    { type: 'B', value: '10.00', qty: 9 },
  ],
  ...overrides,
});

describe('cashback purchases and delivery (e2e)', () => {
  let t: TestApp;
  let erp: TestUser;
  let reader: TestUser;
  const api = new FakeCashbackApi();

  beforeAll(async () => {
    const url = await api.start();
    t = await createTestApp({
      env: { CASHBACK_DELIVERY_ENABLED: 'true', CASHBACK_API_URL: url, CASHBACK_API_TIMEOUT_MS: '300', CASHBACK_DELIVERY_RETRY_LIMIT: '2', CASHBACK_DELIVERY_RETRY_DELAY_SECONDS: '1' },
    });
    await t.app.get(SeedService).run();
    erp = await createUserWithClaims(t, [Claim.CashbackWrite, Claim.CashbackRead]);
    // An operator who may see every ERP's purchases and the CPF in clear.
    reader = await createUserWithClaims(t, [Claim.CashbackRead, Claim.CashbackReadAll, Claim.CustomersReadSensitive]);
  });

  afterAll(async () => {
    await t.close();
    await api.stop();
  });

  const waitForStatus = async (id: string, status: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await t.http.get(`/api/v1/cashback/${id}`).set(reader.auth);
      if (res.body.status === status) return res.body;
      if (Date.now() > deadline) throw new Error(`purchase ${id} still ${res.body.status} (wanted ${status}): ${JSON.stringify(res.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('accepts the original payload at /api/cashback, prices it per item and delivers it', async () => {
    const res = await t.http.post('/api/cashback').set(erp.auth).send(purchase());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      // The ERP sent the CPF but does not hold customers:read-sensitive: it is shown masked.
      document: maskCpf(CPF),
      cashback: '14.00',
      status: 'PENDING',
      total: '100.00',
      soldAt: '2026-01-02T03:00:00.000Z',
      items: [
        { type: 'A', value: '10.00', qty: 1, rate: '5.00', cashback: '0.50' },
        { type: 'B', value: '10.00', qty: 9, rate: '15.00', cashback: '13.50' },
      ],
    });
    const delivered = await waitForStatus(res.body.id, 'DELIVERED');
    expect(delivered.deliveries).toEqual([expect.objectContaining({ httpStatus: 201, error: null })]);
    expect(api.received).toContainEqual({ document: CPF, cashback: '14.00', idempotencyKey: res.body.id });

    const customer = await t.prisma.customer.findUniqueOrThrow({ where: { id: res.body.customerId } });
    const events = await t.prisma.customerEvent.findMany({ where: { customerId: customer.id, type: 'FINANCIAL_MOVEMENT' } });
    expect(events).toEqual([expect.objectContaining({ amountCents: -10_000n, details: expect.objectContaining({ source: 'purchase', purchaseId: res.body.id, cashback: '14.00' }) })]);
    const raw = await t.prisma.cashbackPurchase.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(raw.rawPayloadEnc).toMatch(/^v1\./);
    // Bound to the purchase as every stored purchase was written: associated data `cashback_purchases:<id>:<column>`.
    const cipher = t.app.get(FieldCipher);
    expect(cipher.decrypt(raw.documentEnc!, `cashback_purchases:${raw.id}:document`)).toBe(CPF);
    expect(JSON.parse(cipher.decrypt(raw.rawPayloadEnc, `cashback_purchases:${raw.id}:raw_payload`))).toMatchObject({ customer: { name: 'JOSE DA SILVA' }, products: [{ type: 'A' }, { type: 'B' }] });
    expect(JSON.stringify({ ...raw, totalCents: 0, cashbackCents: 0, postedByUserId: String(raw.postedByUserId) })).not.toContain(CPF);
    expect(raw.postedByUserId).toBe(erp.id);
  });

  it('refuses each bad field by name', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ customer: { document: '111.111.111-11', name: 'X' } }, ['customer.document']],
      [{ customer: { document: '529.982.247-24', name: 'X' } }, ['customer.document']],
      [{ total: '99.99' }, ['total']],
      [{ products: [{ type: 'Z', value: '100.00', qty: 1 }] }, ['products[0].type']],
      [{ products: [{ type: 'A', value: '100.00', qty: 0 }] }, ['products[0].qty']],
      [{ products: [{ type: 'A', value: '50.00', qty: 1.5 }] }, ['products[0].qty']],
      [{ products: [{ type: 'A', value: '-100.00', qty: 1 }] }, ['products[0].value']],
      [{ products: [{ type: 'A', value: '100.001', qty: 1 }] }, ['products[0].value']],
      [{ products: [] }, ['products']],
      [{ sold_at: '2026-02-30 10:00:00' }, ['sold_at']],
      [{ sold_at: '2999-01-01 00:00:00' }, ['sold_at']],
      [{ total: undefined }, ['total']],
      [{ coupon: 'X' }, ['coupon']],
    ];
    for (const [overrides, fields] of cases) {
      const res = await t.http.post('/api/v1/cashback').set(erp.auth).send(purchase(overrides));
      expect({ overrides, status: res.status, fields: res.body.invalidParams?.map((p: { name: string }) => p.name).sort() }).toEqual({ overrides, status: 400, fields });
    }
    expect(await t.prisma.cashbackPurchase.count({ where: { totalCents: 9999n } })).toBe(0);
  });

  it('answers the first response again for the same Idempotency-Key and body, 409 for another body', async () => {
    const first = await t.http.post('/api/v1/cashback').set(erp.auth).set('Idempotency-Key', 'erp-42').send(purchase());
    const again = await t.http.post('/api/v1/cashback').set(erp.auth).set('Idempotency-Key', 'erp-42').send(purchase());
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await t.prisma.cashbackPurchase.count({ where: { idempotencyKey: 'erp-42' } })).toBe(1);
    const other = await t.http.post('/api/v1/cashback').set(erp.auth).set('Idempotency-Key', 'erp-42').send(purchase({ total: '100.00', products: [{ type: 'C', value: '100.00', qty: 1 }] }));
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const racing = await Promise.all([1, 2, 3].map(() => t.http.post('/api/v1/cashback').set(erp.auth).set('Idempotency-Key', 'erp-race').send(purchase())));
    expect(new Set(racing.map((res) => res.body.id)).size).toBe(1);
    expect(await t.prisma.cashbackPurchase.count({ where: { idempotencyKey: 'erp-race' } })).toBe(1);
  });

  it('retries failed deliveries, marks FAILED after the last retry, and re-sends on request', async () => {
    api.mode = 'error500';
    const res = await t.http.post('/api/v1/cashback').set(erp.auth).send(purchase());
    const failed = await waitForStatus(res.body.id, 'FAILED', 30_000);
    expect(failed.attempts).toBe(3);
    expect(failed.deliveries.map((d: { httpStatus: number }) => d.httpStatus)).toEqual([500, 500, 500]);
    api.mode = 'ok';
    const resend = await t.http.post(`/api/v1/cashback/${res.body.id}/resend`).set(erp.auth);
    expect(resend.status).toBe(202);
    const delivered = await waitForStatus(res.body.id, 'DELIVERED');
    expect(delivered.attempts).toBe(4);
    expect((await t.http.post(`/api/v1/cashback/${res.body.id}/resend`).set(erp.auth)).body.code).toBe('NOT_RESENDABLE');
  });

  it('marks FAILED a purchase whose last attempt could not even be made, so it can be re-sent', async () => {
    api.mode = 'error500';
    const res = await t.http.post('/api/v1/cashback').set(erp.auth).send(purchase());
    await eventually(async () => (await t.prisma.cashbackPurchase.findUnique({ where: { id: res.body.id } }))!.attempts >= 1);
    // From now on the document cannot be decrypted (a key this process lacks): no attempt can be made.
    const { documentEnc } = (await t.prisma.cashbackPurchase.findUnique({ where: { id: res.body.id } }))!;
    await t.prisma.cashbackPurchase.update({ where: { id: res.body.id }, data: { documentEnc: documentEnc!.replace(/^v1\.[^.]+\./, 'v1.gone.') } });
    // (Read from the table: the API cannot show the purchase either while its document is unreadable.)
    const failed = await eventually(async () => {
      const row = await t.prisma.cashbackPurchase.findUnique({ where: { id: res.body.id } });
      return row?.status === 'FAILED' ? row : undefined;
    }, 30_000, 'the purchase FAILED');
    expect(failed.attempts).toBe(1);

    await t.prisma.cashbackPurchase.update({ where: { id: res.body.id }, data: { documentEnc } });
    api.mode = 'ok';
    expect((await t.http.post(`/api/v1/cashback/${res.body.id}/resend`).set(erp.auth)).status).toBe(202);
    await waitForStatus(res.body.id, 'DELIVERED');
  });

  it('prices new purchases with a changed rate and keeps old ones as they were', async () => {
    const before = await t.http.post('/api/v1/cashback').set(erp.auth).send(purchase());
    await t.prisma.productType.update({ where: { code: 'B' }, data: { rateBps: 2000 } });
    try {
      const after = await t.http.post('/api/v1/cashback').set(erp.auth).send(purchase());
      expect(after.body).toMatchObject({ cashback: '18.50', items: [{ rate: '5.00' }, { rate: '20.00', cashback: '18.00' }] });
      const old = await t.http.get(`/api/v1/cashback/${before.body.id}`).set(reader.auth);
      expect(old.body).toMatchObject({ cashback: '14.00', items: [{ rate: '5.00' }, { rate: '15.00', cashback: '13.50' }] });
    } finally {
      await t.prisma.productType.update({ where: { code: 'B' }, data: { rateBps: 1500 } });
    }
  });

  it('lists, filters and reconciles', async () => {
    const list = await t.http.get('/api/v1/cashback').query({ document: CPF, status: 'DELIVERED' }).set(reader.auth);
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    expect(list.body.items.every((p: { status: string; document: string }) => p.status === 'DELIVERED' && p.document === CPF)).toBe(true);
    const report = await t.http.get('/api/v1/cashback/reconciliation').set(reader.auth);
    expect(report.body.byStatus.find((line: { status: string }) => line.status === 'DELIVERED')).toMatchObject({ purchases: expect.any(Number), cashback: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect(report.body.attempts).toBeGreaterThan(0);
    expect((await t.http.get('/api/v1/cashback/00000000-0000-4000-8000-000000000000').set(reader.auth)).body.code).toBe('PURCHASE_NOT_FOUND');
    expect((await t.http.post('/api/v1/cashback').set(reader.auth).send(purchase())).status).toBe(403);
    const metrics = (await t.http.get('/metrics')).text;
    expect(metrics).toMatch(/cashback_deliveries_total\{outcome="delivered"\} [1-9]/);
    expect(metrics).toMatch(/cashback_deliveries_total\{outcome="failed"\} [1-9]/);
    expect(metrics).toMatch(/cashback_delivery_queue_depth \d+/);
  });
});
