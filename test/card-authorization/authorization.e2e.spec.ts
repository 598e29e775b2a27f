import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase } from '../../src/customers/cpf';
import { DEMO_CUSTOMERS } from '../../src/customers/customers.seeder';
import { CustomersService } from '../../src/customers/customers.service';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { OpenApiDocument, sampleOf } from '../support/bad-requests';
import { createUserWithClaims, TestUser } from '../support/auth';

describe('card authorization (e2e)', () => {
  let t: TestApp;
  let network: TestUser;
  let manager: TestUser;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    network = await createUserWithClaims(t, [Claim.CardsAuthorize]);
    manager = await createUserWithClaims(t, [Claim.CardsManage]);
  });

  afterAll(() => t.close());

  const account = async (balances: { FOOD: number; MEAL: number; CASH: number }, customerId?: string) => {
    seq += 1;
    const res = await t.http.post('/api/v1/accounts').set(manager.auth).send({ id: `acc-${seq}`, balances, ...(customerId ? { customerId } : {}) });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const authorize = (body: unknown, path = '/api/v1/transactions') => t.http.post(path).set(network.auth).set('content-type', 'application/json').send(body as object);
  const balances = async (id: string) => (await t.http.get(`/api/v1/accounts/${id}`).set(manager.auth)).body.balances;

  it('L1: the MCC picks the balance and the whole amount is debited from it', async () => {
    const id = await account({ FOOD: 100, MEAL: 100, CASH: 100 });
    for (const [mcc, amount] of [['5411', 10], ['5412', 5], ['5811', 20], ['5812', 1.5], ['5999', 30]] as const) {
      expect((await authorize({ account: id, totalAmount: amount, mcc, merchant: 'SOME SHOP' })).body).toEqual({ code: '00' });
    }
    expect(await balances(id)).toEqual({ FOOD: '85.00', MEAL: '78.50', CASH: '70.00' });
  });

  it('L2: falls back to CASH for the whole amount, never splitting', async () => {
    const id = await account({ FOOD: 10, MEAL: 0, CASH: 50 });
    expect((await authorize({ account: id, totalAmount: 30, mcc: '5411', merchant: 'MERCADO' })).body).toEqual({ code: '00' });
    expect(await balances(id)).toEqual({ FOOD: '10.00', MEAL: '0.00', CASH: '20.00' });
    expect((await authorize({ account: id, totalAmount: 25, mcc: '5411', merchant: 'MERCADO' })).body).toEqual({ code: '51' });
    expect(await balances(id)).toEqual({ FOOD: '10.00', MEAL: '0.00', CASH: '20.00' });
  });

  it('L3: a known merchant overrides the MCC, as the network spells it', async () => {
    const id = await account({ FOOD: 100, MEAL: 100, CASH: 100 });
    expect((await authorize({ account: id, totalAmount: 10, mcc: '5411', merchant: 'UBER EATS                   SAO PAULO BR' })).body.code).toBe('00');
    expect((await authorize({ account: id, totalAmount: 7, mcc: '5811', merchant: 'uber trip SAO PAULO BR ' })).body.code).toBe('00');
    expect(await balances(id)).toEqual({ FOOD: '100.00', MEAL: '90.00', CASH: '93.00' });
  });

  it('accepts the alternative spelling and the original path', async () => {
    const id = await account({ FOOD: 0, MEAL: 50, CASH: 0 });
    const res = await authorize({ id: `tx-alt-${id}`, accountId: id, amount: '12.34', mcc: '5811', merchant: 'PADARIA DO ZE               SAO PAULO BR' }, '/transactions');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: '00' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await balances(id)).MEAL).toBe('37.66');
  });

  it('reads a short or numeric MCC as the four-digit code, left-padded: unmapped codes pay from CASH', async () => {
    const id = await account({ FOOD: 100, MEAL: 100, CASH: 100 });
    const shop = 'LOJA QUALQUER';
    expect((await authorize({ id: `short-${id}`, account: id, totalAmount: 10, mcc: '411', merchant: shop })).body).toEqual({ code: '00' });
    expect((await authorize({ account: id, totalAmount: 5, mcc: 411, merchant: shop }, '/transactions')).body).toEqual({ code: '00' });
    expect((await authorize({ id: `numeric-${id}`, accountId: id, amount: 7, mcc: 5411, merchant: shop })).body).toEqual({ code: '00' });
    expect((await authorize({ account: id, totalAmount: 2, mcc: 5811, merchant: shop })).body).toEqual({ code: '00' });
    expect(await balances(id)).toEqual({ FOOD: '93.00', MEAL: '98.00', CASH: '85.00' });
    const ledger = (await t.http.get(`/api/v1/accounts/${id}/transactions`).set(manager.auth)).body.items as Array<{ id: string; mcc: string | null; category: string | null }>;
    expect(ledger.find((entry) => entry.id === `short-${id}`)).toMatchObject({ mcc: '0411', category: 'CASH' });
    expect(ledger.find((entry) => entry.id === `numeric-${id}`)).toMatchObject({ mcc: '5411', category: 'FOOD' });
    // The same transaction however its MCC is written: a replay, not a conflict.
    expect((await authorize({ id: `short-${id}`, account: id, totalAmount: 10, mcc: '0411', merchant: shop })).body).toEqual({ code: '00' });
    expect((await balances(id)).CASH).toBe('85.00');
  });

  it('answers 07 without a debit or a ledger row for a missing mcc or merchant, or an MCC of more than four digits', async () => {
    const id = await account({ FOOD: 100, MEAL: 100, CASH: 100 });
    const cases: Array<[string, unknown]> = [
      ['missing mcc', { account: id, totalAmount: 1, merchant: 'LOJA QUALQUER' }],
      ['missing merchant', { account: id, totalAmount: 1, mcc: '5411' }],
      ['missing merchant, other spelling', { id: `nomerchant-${id}`, accountId: id, amount: 1, mcc: '5811' }],
      ['blank merchant', { account: id, totalAmount: 1, mcc: '5411', merchant: '  ' }],
      ['five-digit mcc', { account: id, totalAmount: 1, mcc: '54111', merchant: 'LOJA QUALQUER' }],
      ['five-digit numeric mcc', { account: id, totalAmount: 1, mcc: 54111, merchant: 'LOJA QUALQUER' }],
      ['null mcc', { account: id, totalAmount: 1, mcc: null, merchant: 'LOJA QUALQUER' }],
    ];
    for (const [label, body] of cases) {
      for (const path of ['/api/v1/transactions', '/transactions']) {
        const res = await authorize(body, path);
        expect({ label, path, status: res.status, answer: res.body }).toEqual({ label, path, status: 200, answer: { code: '07' } });
      }
    }
    expect(await balances(id)).toEqual({ FOOD: '100.00', MEAL: '100.00', CASH: '100.00' });
    expect(await t.prisma.cardLedgerEntry.count({ where: { accountId: id, kind: 'AUTHORIZATION' } })).toBe(0);
  });

  it('answers 07, still 200 with only the code, for anything malformed or unknown', async () => {
    const id = await account({ FOOD: 100, MEAL: 100, CASH: 100 });
    const shop = 'SOME SHOP';
    const cases: unknown[] = [
      { account: 'no-such-account', totalAmount: 1, mcc: '5411', merchant: shop },
      { account: id, totalAmount: 0, mcc: '5411', merchant: shop },
      { account: id, totalAmount: -1, mcc: '5411', merchant: shop },
      { account: id, totalAmount: 1.005, mcc: '5411', merchant: shop },
      { account: id, mcc: '5411', merchant: shop },
      { totalAmount: 1, mcc: '5411', merchant: shop },
      { account: id, totalAmount: 1, mcc: 'food', merchant: shop },
      { account: id, totalAmount: 1, mcc: '5411', merchant: shop, extra: true },
      [1, 2],
    ];
    for (const body of cases) {
      const res = await authorize(body);
      expect({ body, status: res.status, answer: res.body }).toEqual({ body, status: 200, answer: { code: '07' } });
    }
    const broken = await t.http.post('/api/v1/transactions').set(network.auth).set('content-type', 'application/json').send('{"account": ');
    expect({ status: broken.status, body: broken.body }).toEqual({ status: 200, body: { code: '07' } });
    const huge = await authorize({ account: id, totalAmount: 1, mcc: '5411', merchant: 'x'.repeat(2_000_000) });
    expect({ status: huge.status, body: huge.body }).toEqual({ status: 200, body: { code: '07' } });
    expect(await balances(id)).toEqual({ FOOD: '100.00', MEAL: '100.00', CASH: '100.00' });
  });

  it('keeps 401 and 403 for authentication failures', async () => {
    expect((await t.http.post('/api/v1/transactions').send({ account: '1', totalAmount: 1 })).status).toBe(401);
    expect((await t.http.post('/transactions').set(manager.auth).send({ account: '1', totalAmount: 1 })).status).toBe(403);
  });

  it('is idempotent by transaction id: the first answer again, never a second debit; another payload is 07', async () => {
    const id = await account({ FOOD: 0, MEAL: 30, CASH: 0 });
    const tx = { id: `tx-idem-${id}`, account: id, totalAmount: 20, mcc: '5811', merchant: 'RESTAURANTE' };
    expect((await authorize(tx)).body.code).toBe('00');
    expect((await authorize(tx)).body.code).toBe('00');
    expect((await authorize({ ...tx, account: undefined, accountId: id, totalAmount: undefined, amount: '20.00' })).body.code).toBe('00');
    expect((await balances(id)).MEAL).toBe('10.00');
    expect((await authorize({ ...tx, totalAmount: 5 })).body.code).toBe('07');
    const refused = { id: `tx-refused-${id}`, account: id, totalAmount: 50, mcc: '5811', merchant: 'RESTAURANTE' };
    expect((await authorize(refused)).body.code).toBe('51');
    await t.http.post(`/api/v1/accounts/${id}/credits`).set(manager.auth).send({ category: 'MEAL', amount: 100 });
    expect((await authorize(refused)).body.code).toBe('51');
    const concurrent = { id: `tx-race-${id}`, account: id, totalAmount: 1, mcc: '5811', merchant: 'RESTAURANTE' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => authorize(concurrent)));
    expect(answers.map((res) => res.body.code)).toEqual(Array(8).fill('00'));
    expect((await balances(id)).MEAL).toBe('109.00');
  });

  it('records every attempt in the ledger with category, balance, code and time', async () => {
    const id = await account({ FOOD: 5, MEAL: 0, CASH: 10 });
    await authorize({ id: `l1-${id}`, account: id, totalAmount: 3, mcc: '5411', merchant: 'MERCADO' });
    await authorize({ id: `l2-${id}`, account: id, totalAmount: 8, mcc: '5411', merchant: 'MERCADO' });
    await authorize({ id: `l3-${id}`, account: id, totalAmount: 50, mcc: '5811', merchant: 'RESTAURANTE' });
    const res = await t.http.get(`/api/v1/accounts/${id}/transactions`).query({ limit: 2 }).set(manager.auth);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: `l3-${id}`, kind: 'AUTHORIZATION', amount: '50.00', category: 'MEAL', balance: null, code: '51', mcc: '5811' }),
      expect.objectContaining({ id: `l2-${id}`, amount: '8.00', category: 'FOOD', balance: 'CASH', code: '00' }),
    ]);
    const next = await t.http.get(`/api/v1/accounts/${id}/transactions`).query({ limit: 2, cursor: res.body.nextCursor }).set(manager.auth);
    expect(next.body.items.map((entry: { id: string; kind: string }) => entry.kind)).toEqual(['AUTHORIZATION', 'CREDIT']);
    expect(next.body.items[0]).toMatchObject({ id: `l1-${id}`, merchant: 'MERCADO', balance: 'FOOD', code: '00' });
  });

  it('credits a balance, audited and in the ledger', async () => {
    const id = await account({ FOOD: 0, MEAL: 0, CASH: 0 });
    const res = await t.http.post(`/api/v1/accounts/${id}/credits`).set(manager.auth).send({ category: 'FOOD', amount: '250.00' });
    expect(res.status).toBe(200);
    expect(res.body.balances.FOOD).toBe('250.00');
    expect((await t.http.post(`/api/v1/accounts/${id}/credits`).set(manager.auth).send({ category: 'GIFT', amount: 0 })).body.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(['amount', 'category']);
    expect(await t.prisma.auditEvent.count({ where: { action: 'card-account.credit', entityId: id } })).toBe(1);
    expect((await t.http.post('/api/v1/accounts/nope/credits').set(manager.auth).send({ category: 'FOOD', amount: 1 })).body.code).toBe('ACCOUNT_NOT_FOUND');
    expect((await t.http.post('/api/v1/accounts').set(manager.auth).send({ id, balances: { FOOD: 0, MEAL: 0, CASH: 0 } })).body.code).toBe('ACCOUNT_EXISTS');
  });

  it('refuses with 409 a credit or an opening balance above the balance limit, changing nothing', async () => {
    const id = await account({ FOOD: 0, MEAL: 9999999, CASH: 0 });
    const over = await t.http.post(`/api/v1/accounts/${id}/credits`).set(manager.auth).send({ category: 'MEAL', amount: '1.01' });
    expect({ status: over.status, code: over.body.code }).toEqual({ status: 409, code: 'BALANCE_LIMIT_EXCEEDED' });
    // An amount past what a bigint column holds is bad input, not a 500.
    const huge = await t.http.post(`/api/v1/accounts/${id}/credits`).set(manager.auth).send({ category: 'FOOD', amount: '92233720368547758.07' });
    expect({ status: huge.status, code: huge.body.code, field: huge.body.invalidParams?.[0]?.name }).toEqual({ status: 400, code: 'VALIDATION_FAILED', field: 'amount' });
    const repeated = await Promise.all([1, 2].map(() => t.http.post(`/api/v1/accounts/${id}/credits`).set(manager.auth).send({ category: 'MEAL', amount: '0.60' })));
    expect(repeated.map((res) => res.status).sort()).toEqual([200, 409]);
    const exact = await t.http.post(`/api/v1/accounts/${id}/credits`).set(manager.auth).send({ category: 'MEAL', amount: '0.40' });
    expect(exact.body.balances.MEAL).toBe('10000000.00');
    expect(await t.prisma.cardLedgerEntry.count({ where: { accountId: id, kind: 'CREDIT', category: 'MEAL' } })).toBe(3);
    const opening = await t.http.post('/api/v1/accounts').set(manager.auth).send({ id: `${id}-big`, balances: { FOOD: '10000000.01', MEAL: 0, CASH: 0 } });
    expect({ status: opening.status, code: opening.body.code }).toEqual({ status: 409, code: 'BALANCE_LIMIT_EXCEEDED' });
    expect(await t.prisma.cardAccount.count({ where: { id: `${id}-big` } })).toBe(0);
  });

  it('records a CARD_PURCHASE event for the customer of the account, after answering', async () => {
    const customer = await t.app.get(CustomersService).create({
      cpf: cpfFromBase('271828182'),
      name: 'Cardholder',
      address: { street: 'R', number: '1', city: 'C', state: 'SP', postalCode: '01310100' },
      debts: [],
      birthDate: null,
      assets: [],
      incomeSources: [],
    });
    const id = await account({ FOOD: 0, MEAL: 100, CASH: 0 }, customer.id);
    expect((await authorize({ id: `cp-${id}`, account: id, totalAmount: 42.5, mcc: '5811', merchant: 'PADARIA DO ZE               SAO PAULO BR' })).body.code).toBe('00');
    let events: Array<{ amountCents: bigint | null; details: unknown }> = [];
    for (let i = 0; i < 50 && events.length === 0; i += 1) {
      events = await t.prisma.customerEvent.findMany({ where: { customerId: customer.id, type: 'CARD_PURCHASE' } });
      if (!events.length) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ amountCents: 4250n, details: { account: id, transactionId: `cp-${id}`, mcc: '5811', balance: 'MEAL' } });
  });

  it('manages merchants, matched after trimming and collapsing spaces, case-insensitive', async () => {
    const seeded = (await t.http.get('/api/v1/merchants').set(manager.auth)).body;
    expect(seeded.map((m: { name: string; category: string }) => `${m.name}=${m.category}`).sort()).toEqual([
      'PAG*JOSEDASILVA RIO DE JANEI BR=CASH',
      'PICPAY*BILHETEUNICO GOIANIA BR=CASH',
      'UBER EATS SAO PAULO BR=MEAL',
      'UBER TRIP SAO PAULO BR=CASH',
    ]);
    const created = await t.http.post('/api/v1/merchants').set(manager.auth).send({ name: '  Mercado   Bom Preço  RECIFE BR', mcc: '5411' });
    expect(created.body).toMatchObject({ name: 'MERCADO BOM PREÇO RECIFE BR', category: 'FOOD', mcc: '5411' });
    expect((await t.http.post('/api/v1/merchants').set(manager.auth).send({ name: 'mercado bom preço recife br', category: 'CASH' })).body.code).toBe('MERCHANT_EXISTS');
    expect((await t.http.post('/api/v1/merchants').set(manager.auth).send({ name: 'X' })).body.invalidParams[0].name).toBe('category');
    const id = await account({ FOOD: 10, MEAL: 0, CASH: 0 });
    expect((await authorize({ account: id, totalAmount: 4, mcc: '5999', merchant: 'MERCADO BOM PREÇO       RECIFE BR' })).body.code).toBe('00');
    expect((await balances(id)).FOOD).toBe('6.00');
    const patched = await t.http.patch(`/api/v1/merchants/${created.body.id}`).set(manager.auth).send({ category: 'CASH' });
    expect(patched.body).toMatchObject({ category: 'CASH', mcc: null });
    expect((await authorize({ account: id, totalAmount: 4, mcc: '5411', merchant: 'MERCADO BOM PREÇO RECIFE BR' })).body.code).toBe('51');
    expect((await t.http.delete(`/api/v1/merchants/${created.body.id}`).set(manager.auth)).status).toBe(204);
    expect((await t.http.get(`/api/v1/merchants/${created.body.id}`).set(manager.auth)).body.code).toBe('MERCHANT_NOT_FOUND');
  });

  it("the document's examples, executed on the demo data, are approved; the one with an id replays its answer", async () => {
    const document = (await t.http.get('/docs-json')).body as OpenApiDocument & { paths: Record<string, { post: { requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> } } }> };
    const examplesOf = (path: string) => document.paths[path].post.requestBody.content['application/json'].examples;
    expect(Object.keys(examplesOf('/api/v1/transactions'))).toEqual(['original', 'withId']);
    expect(examplesOf('/transactions')).toEqual(examplesOf('/api/v1/transactions'));
    const { original, withId } = examplesOf('/api/v1/transactions');
    // Each spelling on its own: neither example carries a field of the other.
    expect(Object.keys(original.value).sort()).toEqual(['account', 'mcc', 'merchant', 'totalAmount']);
    expect(Object.keys(withId.value).sort()).toEqual(['accountId', 'amount', 'id', 'mcc', 'merchant']);
    const before = await balances('123');
    for (const path of ['/api/v1/transactions', '/transactions']) {
      for (const [name, example] of Object.entries(examplesOf(path))) {
        const res = await authorize(example.value, path);
        expect({ path, name, answer: res.body }).toEqual({ path, name, answer: { code: '00' } });
      }
    }
    // Three debits of 100.00 from MEAL: `withId` executed again replayed its first answer.
    expect(Number(before.MEAL) - Number((await balances('123')).MEAL)).toBe(300);
    expect(await t.prisma.cardLedgerEntry.count({ where: { id: String(withId.value.id) } })).toBe(1);

    const schema = document.paths['/api/v1/accounts'].post.requestBody.content['application/json'] as unknown as { schema: Parameters<typeof sampleOf>[1] };
    const opened = await t.http.post('/api/v1/accounts').set(manager.auth).send(sampleOf(document, schema.schema) as object);
    expect(opened.status).toBe(201);
    expect(DEMO_CUSTOMERS.map((customer) => customer.id)).toContain(opened.body.customerId);
    expect(await t.prisma.customer.count({ where: { id: opened.body.customerId } })).toBe(1);
  });

  it('counts authorizations by code and category and times them', async () => {
    const metrics = (await t.http.get('/metrics')).text;
    expect(metrics).toMatch(/card_authorizations_total\{code="00",category="MEAL"\} [1-9]/);
    expect(metrics).toMatch(/card_authorizations_total\{code="07",category="none"\} [1-9]/);
    expect(metrics).toMatch(/card_authorization_duration_seconds_bucket\{le="0.01",code="00"\} [1-9]/);
  });
});
