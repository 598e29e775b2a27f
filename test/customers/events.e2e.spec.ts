import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase } from '../../src/customers/cpf';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

describe('customer events, tier C (e2e)', () => {
  let t: TestApp;
  let writer: TestUser;
  let reader: TestUser;
  let id: string;

  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  beforeAll(async () => {
    t = await createTestApp();
    writer = await createUserWithClaims(t, [Claim.CustomersWrite]);
    reader = await createUserWithClaims(t, [Claim.CustomersRead]);
    id = (
      await t.http
        .post('/api/v1/customers')
        .set(writer.auth)
        .send({ cpf: cpfFromBase('529982247'), name: 'Ana', address: { street: 'R', number: '1', city: 'C', state: 'SP', postalCode: '01310100' } })
    ).body.id;
    const events = [
      { type: 'FINANCIAL_MOVEMENT', occurredAt: at(60), amount: '1200.00', details: { description: 'PIX recebido' } },
      { type: 'CARD_PURCHASE', occurredAt: at(50), amount: 89.9, details: { merchant: 'PADARIA DO ZE' } },
      { type: 'BUREAU_QUERY', occurredAt: at(40), details: { client: 'bank-x' } },
      ...Array.from({ length: 6 }, (_, i) => ({ type: 'FINANCIAL_MOVEMENT', occurredAt: at(30 - i), amount: -(i + 1), details: { n: i } })),
      { type: 'CARD_PURCHASE', occurredAt: at(5), amount: '15.00', details: { merchant: 'UBER TRIP' } },
    ];
    for (const event of events) expect((await t.http.post(`/api/v1/customers/${id}/events`).set(writer.auth).send(event)).status).toBe(201);
  });

  afterAll(() => t.close());

  it('summarises: last bureau query, five latest movements, last card purchase', async () => {
    const res = await t.http.get(`/api/v1/customers/${id}/events/summary`).set(reader.auth);
    expect(res.status).toBe(200);
    expect(res.body.lastBureauQuery).toMatchObject({ type: 'BUREAU_QUERY', amount: null, details: { client: 'bank-x' } });
    expect(res.body.recentMovements.map((e: { amount: string }) => e.amount)).toEqual(['-6.00', '-5.00', '-4.00', '-3.00', '-2.00']);
    expect(res.body.lastCardPurchase).toMatchObject({ amount: '15.00', details: { merchant: 'UBER TRIP' } });
  });

  it('summarises a customer without events as empty', async () => {
    const other = (
      await t.http
        .post('/api/v1/customers')
        .set(writer.auth)
        .send({ cpf: cpfFromBase('111444777'), name: 'Bia', address: { street: 'R', number: '1', city: 'C', state: 'SP', postalCode: '01310100' } })
    ).body.id;
    expect((await t.http.get(`/api/v1/customers/${other}/events/summary`).set(reader.auth)).body).toEqual({ customerId: other, lastBureauQuery: null, recentMovements: [], lastCardPurchase: null });
  });

  it('lists newest first with a cursor, filtered by type and time', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.http.get(`/api/v1/customers/${id}/events`).query({ limit: 4, ...(cursor ? { cursor } : {}) }).set(reader.auth);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: { occurredAt: string }) => e.occurredAt));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(10);
    expect([...seen].sort().reverse()).toEqual(seen);

    const purchases = await t.http.get(`/api/v1/customers/${id}/events`).query({ type: 'CARD_PURCHASE' }).set(reader.auth);
    expect(purchases.body.items.map((e: { amount: string }) => e.amount)).toEqual(['15.00', '89.90']);
    const window = await t.http.get(`/api/v1/customers/${id}/events`).query({ from: at(45), to: at(20) }).set(reader.auth);
    expect(window.body.items.map((e: { type: string }) => e.type)).toEqual(['FINANCIAL_MOVEMENT', 'FINANCIAL_MOVEMENT', 'FINANCIAL_MOVEMENT', 'FINANCIAL_MOVEMENT', 'FINANCIAL_MOVEMENT', 'FINANCIAL_MOVEMENT', 'BUREAU_QUERY']);
    expect((await t.http.get(`/api/v1/customers/${id}/events`).query({ cursor: 'garbage' }).set(reader.auth)).body.invalidParams[0].name).toBe('cursor');
  });

  it('refuses malformed events, naming the field', async () => {
    const post = (event: object) => t.http.post(`/api/v1/customers/${id}/events`).set(writer.auth).send(event);
    const cases: Array<[object, string]> = [
      [{ type: 'LOAN', occurredAt: at(1) }, 'type'],
      [{ type: 'CARD_PURCHASE', occurredAt: 'soon' }, 'occurredAt'],
      [{ type: 'CARD_PURCHASE', occurredAt: true }, 'occurredAt'],
      [{ type: 'CARD_PURCHASE', occurredAt: 1764662400000 }, 'occurredAt'],
      [{ type: 'CARD_PURCHASE', occurredAt: new Date(Date.now() + 3_600_000).toISOString() }, 'occurredAt'],
      [{ type: 'CARD_PURCHASE', occurredAt: at(1), amount: -5 }, 'amount'],
      [{ type: 'CARD_PURCHASE', occurredAt: at(1), amount: '1.999' }, 'amount'],
      [{ type: 'CARD_PURCHASE', occurredAt: at(1), details: 'text' }, 'details'],
      [{ type: 'CARD_PURCHASE', occurredAt: at(1), details: { blob: 'x'.repeat(5000) } }, 'details'],
    ];
    for (const [event, field] of cases) {
      const res = await post(event);
      expect({ field, status: res.status, names: res.body.invalidParams?.map((p: { name: string }) => p.name) }).toEqual({ field, status: 400, names: [field] });
    }
    expect((await t.http.post('/api/v1/customers/00000000-0000-4000-8000-000000000000/events').set(writer.auth).send({ type: 'BUREAU_QUERY', occurredAt: at(1) })).status).toBe(404);
  });
});
