import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase, formatCpf } from '../../src/customers/cpf';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

const CPF = cpfFromBase('271828182');
const RECEIVER = '/api/v1/dev/cashback-receiver';

/**
 * Development with CASHBACK_API_URL unset, as `npm start` on a fresh checkout: purchases are
 * delivered to the receiver this API serves itself, on its own port, and nowhere else.
 */
describe('local cashback receiver in development (e2e)', () => {
  let t: TestApp;
  let erp: TestUser;

  beforeAll(async () => {
    t = await createTestApp({
      env: { NODE_ENV: 'development', CASHBACK_API_URL: '', CASHBACK_DELIVERY_ENABLED: 'true', CASHBACK_API_TIMEOUT_MS: '2000', CASHBACK_DELIVERY_RETRY_DELAY_SECONDS: '1' },
    });
    // The delivery target is the port the server listens on, as under `npm start`.
    await t.app.listen(0, '127.0.0.1');
    await t.app.get(SeedService).run();
    erp = await createUserWithClaims(t, [Claim.CashbackWrite, Claim.CashbackRead]);
  });

  afterAll(() => t.close());

  it('delivers a posted purchase to the local receiver, which lists it with the CPF masked', async () => {
    const posted = await t.http
      .post('/api/v1/cashback')
      .set(erp.auth)
      .send({ sold_at: '2026-01-02 00:00:00', customer: { document: formatCpf(CPF), name: 'MARIA DA SILVA' }, total: '100.00', products: [{ type: 'A', value: '100.00', qty: 1 }] });
    expect(posted.status).toBe(201);

    const deadline = Date.now() + 20_000;
    let purchase = posted.body;
    while (purchase.status !== 'DELIVERED' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      purchase = (await t.http.get(`/api/v1/cashback/${posted.body.id}`).set(erp.auth)).body;
    }
    expect(purchase).toMatchObject({ status: 'DELIVERED', deliveries: [expect.objectContaining({ httpStatus: 201, error: null })] });

    const listed = await t.http.get(RECEIVER).set(erp.auth);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ total: 1, kept: 1 });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ idempotencyKey: posted.body.id, cashback: purchase.cashback, document: `***.${CPF.slice(3, 6)}.${CPF.slice(6, 9)}-**`, duplicates: 0 }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(CPF);
  });

  it('answers a repeated delivery with the first one, as a receiver honouring Idempotency-Key does', async () => {
    const send = () => t.http.post(RECEIVER).set('idempotency-key', 'repeat-1').send({ document: CPF, cashback: '1.00' });
    const first = await send();
    const again = await send();
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    // It reads no single delivery: Location names the list that shows it; the replay created nothing.
    expect([first.headers.location, again.headers.location]).toEqual([RECEIVER, undefined]);
    expect((await t.http.post(RECEIVER).send({ document: '123', cashback: '1' })).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('lists only to callers with the cashback:read claim', async () => {
    expect((await t.http.get(RECEIVER)).status).toBe(401);
    const nobody = await createUserWithClaims(t, []);
    expect((await t.http.get(RECEIVER).set(nobody.auth)).status).toBe(403);
  });

  it('is left out of the OpenAPI document', async () => {
    const document = (await t.http.get('/docs-json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path.includes('dev/'))).toEqual([]);
  });
});
