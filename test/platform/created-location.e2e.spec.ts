import type { Response } from 'supertest';
import { Claim, ClaimName } from '../../src/platform/auth/claims';
import { cpfFromBase, formatCpf } from '../../src/customers/cpf';
import { locationOf } from '../../src/platform/http/created.decorator';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { scenePhoto } from '../support/images';

const ADDRESS = { street: 'Rua das Flores', number: '123', city: 'São Paulo', state: 'SP', postalCode: '01310100' };

describe('Location of what a POST created (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    admin = await createUserWithClaims(t, Object.values(Claim) as ClaimName[]);
  });

  afterAll(() => t.close());

  /** 201 with a Location whose GET answers the same thing; returns that path. */
  async function expectLocated(res: Response, expected: string, sameField = 'id'): Promise<string> {
    expect({ status: res.status, location: res.headers.location }).toEqual({ status: 201, location: expected });
    const read = await t.http.get(expected).set(admin.auth);
    expect({ status: read.status, [sameField]: read.body[sameField] }).toEqual({ status: 200, [sameField]: res.body[sameField] });
    return expected;
  }

  it('points every created resource of users, roles and claims at its own GET', async () => {
    const claim = await t.http.post('/api/v1/claims').set(admin.auth).send({ description: 'reports:read' });
    await expectLocated(claim, `/api/v1/claims/${claim.body.id}`);
    const role = await t.http.post('/api/v1/roles').set(admin.auth).send({ description: 'reporter' });
    await expectLocated(role, `/api/v1/roles/${role.body.id}`);
    const user = await t.http.post('/api/v1/users').set(admin.auth).send({ name: 'Ana Reporter', email: 'ana.reporter@example.com', roleId: role.body.id });
    await expectLocated(user, `/api/v1/users/${user.body.id}`);
  });

  it('points customers and their events at their GET, the event under its customer', async () => {
    const customer = await t.http.post('/api/v1/customers').set(admin.auth).send({ cpf: formatCpf(cpfFromBase('314159265')), name: 'Maria Souza', address: ADDRESS });
    await expectLocated(customer, `/api/v1/customers/${customer.body.id}`);
    const event = await t.http.post(`/api/v1/customers/${customer.body.id}/events`).set(admin.auth).send({ type: 'CARD_PURCHASE', occurredAt: '2026-11-20T10:00:00Z', amount: '12.50' });
    await expectLocated(event, `/api/v1/customers/${customer.body.id}/events/${event.body.id}`);
    expect((await t.http.get(`/api/v1/customers/${customer.body.id}/events/${event.body.id}`).set(admin.auth)).body).toEqual(event.body);
  });

  it('answers an unknown event 404 EVENT_NOT_FOUND, of an unknown customer CUSTOMER_NOT_FOUND, a bad id 400', async () => {
    const customer = await t.http.post('/api/v1/customers').set(admin.auth).send({ cpf: cpfFromBase('271828183'), name: 'João Lima', address: ADDRESS });
    const other = await t.http.post('/api/v1/customers').set(admin.auth).send({ cpf: cpfFromBase('161803398'), name: 'Rita Lima', address: ADDRESS });
    const event = await t.http.post(`/api/v1/customers/${other.body.id}/events`).set(admin.auth).send({ type: 'BUREAU_QUERY', occurredAt: '2026-11-20T10:00:00Z' });
    // Another customer's event is not this customer's.
    expect((await t.http.get(`/api/v1/customers/${customer.body.id}/events/${event.body.id}`).set(admin.auth)).body.code).toBe('EVENT_NOT_FOUND');
    expect((await t.http.get('/api/v1/customers/00000000-0000-4000-8000-000000000000/events/1').set(admin.auth)).body.code).toBe('CUSTOMER_NOT_FOUND');
    const bad = await t.http.get(`/api/v1/customers/${customer.body.id}/events/first`).set(admin.auth);
    expect({ status: bad.status, params: bad.body.invalidParams }).toEqual({ status: 400, params: [{ name: 'eventId', reasons: ['eventId must be a positive integer'] }] });
    // The summary is still the summary, not an event called "summary".
    expect((await t.http.get(`/api/v1/customers/${customer.body.id}/events/summary`).set(admin.auth)).body.customerId).toBe(customer.body.id);
  });

  it('points products, product types (by code), card accounts and merchants at their GET', async () => {
    const type = await t.http.post('/api/v1/product-types').set(admin.auth).send({ code: 'D', description: 'Eletrônicos', rate: '7.5' });
    await expectLocated(type, '/api/v1/product-types/D', 'code');
    const product = await t.http.post('/api/v1/products').set(admin.auth).send({ sku: 'SKU-LOC', name: 'Arroz', type: 'D', price: '25.90' });
    await expectLocated(product, `/api/v1/products/${product.body.id}`);
    const account = await t.http.post('/api/v1/accounts').set(admin.auth).send({ id: 'acc_loc-1', balances: { FOOD: 1, MEAL: 2, CASH: 3 } });
    await expectLocated(account, '/api/v1/accounts/acc_loc-1');
    const merchant = await t.http.post('/api/v1/merchants').set(admin.auth).send({ name: 'PADARIA LOCATION', category: 'MEAL' });
    await expectLocated(merchant, `/api/v1/merchants/${merchant.body.id}`);
  });

  it('points a cashback purchase at its canonical URL, from the original path and on a replay too', async () => {
    const purchase = { sold_at: '2026-01-02 00:00:00', customer: { document: formatCpf(cpfFromBase('141421356')), name: 'JOSE DA SILVA' }, total: '10.00', products: [{ type: 'A', value: '10.00', qty: 1 }] };
    const created = await t.http.post('/api/cashback').set(admin.auth).set('Idempotency-Key', 'loc-1').send(purchase);
    await expectLocated(created, `/api/v1/cashback/${created.body.id}`);
    const replay = await t.http.post('/api/v1/cashback').set(admin.auth).set('Idempotency-Key', 'loc-1').send(purchase);
    expect({ status: replay.status, replayed: replay.headers['idempotent-replayed'], location: replay.headers.location }).toEqual({ status: 201, replayed: 'true', location: created.headers.location });
  });

  it('points an uploaded photo at its metadata', async () => {
    const bytes = await scenePhoto(11);
    const created = await t.http.post('/telemetry/photo').set(admin.auth).send({ deviceId: 'AA:BB:CC:DD:EE:51', timestamp: '2026-11-20T10:00:00Z', content: bytes.toString('base64') });
    await expectLocated(created, `/api/v1/telemetry/photos/${created.body.id}`);
  });

  it('sends no Location with an error', async () => {
    const refused = await t.http.post('/api/v1/products').set(admin.auth).send({ sku: 'SKU-LOC', name: 'Arroz', type: 'D', price: '25.90' });
    expect({ status: refused.status, location: refused.headers.location }).toEqual({ status: 409, location: undefined });
  });

  it('declares the Location header on every 201 answer of the document', async () => {
    const document = (await t.http.get('/docs-json')).body;
    const created = Object.entries<Record<string, { responses: Record<string, { headers?: Record<string, { description: string }> }> }>>(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.responses?.['201'])
        .map(([method, operation]) => ({ route: `${method} ${path}`, location: operation.responses['201'].headers?.Location?.description })),
    );
    expect(created.length).toBeGreaterThanOrEqual(12);
    for (const { route, location } of created) expect({ route, location }).toEqual({ route, location: expect.stringMatching(/^URL of the created resource: `\/api\/v1\/[a-z/{}-]+[a-z}]`$/i) });
    expect(created.find((entry) => entry.route === 'post /api/v1/customers/{id}/events')?.location).toBe('URL of the created resource: `/api/v1/customers/{id}/events/{eventId}`');
  });
});

describe('locationOf', () => {
  it('fills fields from the body and path parameters, encoded, under the prefix', () => {
    expect(locationOf('product-types/{code}', { code: 'A/B c' })).toBe('/api/v1/product-types/A%2FB%20c');
    expect(locationOf('customers/{params.id}/events/{id:eventId}', { id: '7' }, { id: 'c-1' })).toBe('/api/v1/customers/c-1/events/7');
  });

  it('refuses to make a Location without the value it names', () => {
    expect(() => locationOf('users/{id}', { name: 'x' })).toThrow('the location users/{id} needs id, absent from the answer');
  });
});
