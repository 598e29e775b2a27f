import { Claim, ClaimName } from '../../src/platform/auth/claims';
import { cpfFromBase, formatCpf } from '../../src/customers/cpf';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

const ADDRESS = { street: 'Rua A', number: '1', city: 'Campinas', state: 'SP', postalCode: '13010100' };
const DEVICE = 'AA:BB:CC:DD:EE:70';

describe('sorting lists (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let customerId: string;

  const get = (path: string, query: Record<string, unknown> = {}) => t.http.get(path).query(query).set(admin.auth);

  /** Every page of a cursor list, following nextCursor. */
  async function allPages(path: string, query: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    do {
      const res = await get(path, { ...query, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  const sortRefusal = (values: string) => ({ status: 400, code: 'VALIDATION_FAILED', invalidParams: [{ name: 'sort', reasons: [`sort must be ${values}`] }] });
  const refusal = (res: { status: number; body: { code?: string; invalidParams?: unknown } }) => ({ status: res.status, code: res.body.code, invalidParams: res.body.invalidParams });

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    admin = await createUserWithClaims(t, Object.values(Claim) as ClaimName[]);
    for (const [name, email] of [
      ['Carla', 'b.carla@sort.test'],
      ['Ana', 'c.ana@sort.test'],
      ['Bruno', 'a.bruno@sort.test'],
    ]) {
      expect((await t.http.post('/api/v1/users').set(admin.auth).send({ name, email, roleId: admin.roleId })).status).toBe(201);
    }
    const customer = await t.http.post('/api/v1/customers').set(admin.auth).send({ cpf: cpfFromBase('123123123'), name: 'Eva Sort', address: ADDRESS });
    customerId = customer.body.id;
    for (const [index, at] of ['2026-11-03T10:00:00Z', '2026-11-01T10:00:00Z', '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z', '2026-11-04T10:00:00Z'].entries()) {
      await t.http.post(`/api/v1/customers/${customerId}/events`).set(admin.auth).send({ type: 'CARD_PURCHASE', occurredAt: at, amount: `${index + 1}.00` });
    }
  });

  afterAll(() => t.close());

  it('sorts users by any of email, name, createdAt, either way, several keys in turn; by id without sort', async () => {
    const emails = async (query: Record<string, unknown>) => (await get('/api/v1/users', { email: 'sort.test', ...query })).body.items.map((user: { email: string }) => user.email);
    expect(await emails({})).toEqual(['b.carla@sort.test', 'c.ana@sort.test', 'a.bruno@sort.test']);
    expect(await emails({ sort: 'email' })).toEqual(['a.bruno@sort.test', 'b.carla@sort.test', 'c.ana@sort.test']);
    expect(await emails({ sort: '-name' })).toEqual(['b.carla@sort.test', 'a.bruno@sort.test', 'c.ana@sort.test']);
    expect(await emails({ sort: '-createdAt,email' })).toEqual(['a.bruno@sort.test', 'c.ana@sort.test', 'b.carla@sort.test']);
    // `sort` repeated is the same list of keys.
    expect((await t.http.get('/api/v1/users?email=sort.test&sort=-name&sort=email').set(admin.auth)).body.items.map((user: { name: string }) => user.name)).toEqual(['Carla', 'Bruno', 'Ana']);
    // A page of a sorted list is that page of the whole order.
    expect((await get('/api/v1/users', { email: 'sort.test', sort: 'email', page: 2, pageSize: 1 })).body).toMatchObject({ total: 3, items: [{ email: 'b.carla@sort.test' }] });
  });

  it('refuses an unknown sort field, a repeated field and an empty one with 400 naming sort and its values', async () => {
    const users = 'a comma-separated list of id, -id, email, -email, name, -name, createdAt, -createdAt (each field once)';
    for (const sort of ['password', '-role', 'email,email', 'email,-email', '', 'email,', '--email', 'Email']) {
      expect({ sort, ...refusal(await get('/api/v1/users', { sort })) }).toEqual({ sort, ...sortRefusal(users) });
    }
    expect(refusal(await get('/api/v1/customers', { sort: 'name' }))).toEqual(sortRefusal('a comma-separated list of createdAt, -createdAt, updatedAt, -updatedAt (each field once)'));
    expect(refusal(await get('/api/v1/audit-events', { sort: 'occurredAt,-occurredAt' }))).toEqual(sortRefusal('one of occurredAt, -occurredAt'));
    expect(refusal(await get(`/api/v1/telemetry/devices/${DEVICE}/gps`, { sort: 'receivedAt' }))).toEqual(sortRefusal('one of takenAt, -takenAt'));
  });

  it('sorts products, cashback purchases, merchants, customers and devices on their fields', async () => {
    for (const [sku, name, price] of [
      ['S-1', 'Feijão', '8.49'],
      ['S-2', 'Arroz', '25.90'],
      ['S-3', 'Café', '15.00'],
    ]) {
      await t.http.post('/api/v1/products').set(admin.auth).send({ sku, name, type: 'A', price });
    }
    const skus = async (sort?: string) => (await get('/api/v1/products', sort ? { sort } : {})).body.items.map((product: { sku: string }) => product.sku);
    expect(await skus()).toEqual(['S-1', 'S-2', 'S-3']);
    expect(await skus('-price')).toEqual(['S-2', 'S-3', 'S-1']);
    expect(await skus('name')).toEqual(['S-2', 'S-3', 'S-1']);

    for (const [base, total] of [
      ['111444777', '30.00'],
      ['222555888', '10.00'],
      ['333666999', '20.00'],
    ]) {
      const posted = await t.http.post('/api/v1/cashback').set(admin.auth).send({ sold_at: '2026-01-02 00:00:00', customer: { document: formatCpf(cpfFromBase(base)), name: 'X' }, total, products: [{ type: 'A', value: total, qty: 1 }] });
      expect(posted.status).toBe(201);
    }
    const totals = async (sort?: string) => (await get('/api/v1/cashback', sort ? { sort } : {})).body.items.map((purchase: { total: string }) => purchase.total);
    expect(await totals()).toEqual(['20.00', '10.00', '30.00']);
    expect(await totals('total')).toEqual(['10.00', '20.00', '30.00']);
    expect(await totals('-cashback,createdAt')).toEqual(['30.00', '20.00', '10.00']);

    const merchants = async (sort?: string) => (await get('/api/v1/merchants', sort ? { sort } : {})).body.map((merchant: { name: string }) => merchant.name);
    const byName = await merchants();
    expect(byName).toEqual([...byName].sort());
    expect(await merchants('-name')).toEqual([...byName].reverse());

    const customers = async (sort?: string) => (await get('/api/v1/customers', { pageSize: 100, ...(sort ? { sort } : {}) })).body.items.map((customer: { id: string }) => customer.id);
    const oldestFirst = await customers();
    expect(await customers('-createdAt')).toEqual([...oldestFirst].reverse());
    await t.http.patch(`/api/v1/customers/${oldestFirst[0]}`).set(admin.auth).send({ birthDate: '1990-01-01' });
    expect((await customers('-updatedAt'))[0]).toBe(oldestFirst[0]);

    await t.prisma.device.createMany({
      data: [
        { id: 'AA:BB:CC:DD:EE:71', firstSeenAt: new Date('2026-01-01'), lastSeenAt: new Date('2026-03-01'), lastReadingAt: new Date('2026-03-01') },
        { id: 'AA:BB:CC:DD:EE:72', firstSeenAt: new Date('2025-01-01'), lastSeenAt: new Date('2026-02-01'), lastReadingAt: new Date('2026-02-01') },
      ],
    });
    const devices = async (sort?: string) => (await get('/api/v1/telemetry/devices', sort ? { sort } : {})).body.items.map((device: { id: string }) => device.id);
    expect(await devices()).toEqual(['AA:BB:CC:DD:EE:71', 'AA:BB:CC:DD:EE:72']);
    expect(await devices('firstSeenAt')).toEqual(['AA:BB:CC:DD:EE:72', 'AA:BB:CC:DD:EE:71']);
    expect(await devices('-id')).toEqual(['AA:BB:CC:DD:EE:72', 'AA:BB:CC:DD:EE:71']);
  });

  it("pages a customer's events oldest first with sort=occurredAt, and each order's cursor only with that order", async () => {
    const path = `/api/v1/customers/${customerId}/events`;
    const newest = await allPages(path, { limit: 2 });
    const oldest = await allPages(path, { limit: 2, sort: 'occurredAt' });
    expect(newest.map((event) => event.amount)).toEqual(['5.00', '1.00', '4.00', '3.00', '2.00']);
    expect(oldest.map((event) => event.amount)).toEqual(['2.00', '3.00', '4.00', '1.00', '5.00']);
    // The default order named explicitly is the default order, cursors included.
    expect(await allPages(path, { limit: 2, sort: '-occurredAt' })).toEqual(newest);

    const defaultCursor = (await get(path, { limit: 2 })).body.nextCursor;
    const sortedCursor = (await get(path, { limit: 2, sort: 'occurredAt' })).body.nextCursor;
    expect(refusal(await get(path, { cursor: defaultCursor, sort: 'occurredAt' })).invalidParams).toEqual([
      { name: 'cursor', reasons: ['cursor was issued for the default order, not sort=occurredAt; drop the cursor to start again'] },
    ]);
    expect(refusal(await get(path, { cursor: sortedCursor }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      invalidParams: [{ name: 'cursor', reasons: ['cursor was issued for sort=occurredAt; send that sort with it, or drop the cursor to start again'] }],
    });
    expect(refusal(await get(path, { cursor: 'bm9wZQ', sort: 'occurredAt' })).invalidParams).toEqual([{ name: 'cursor', reasons: ['cursor must be a cursor returned by a previous page'] }]);
  });

  it('pages the audit trail by occurredAt either way; the default stays newest id first with its numeric cursor', async () => {
    const byId = await allPages('/api/v1/audit-events', { limit: 3 });
    expect(byId.map((event) => Number(event.id))).toEqual([...byId.map((event) => Number(event.id))].sort((a, b) => b - a));
    const first = await get('/api/v1/audit-events', { limit: 3 });
    expect(first.body.nextCursor).toMatch(/^\d+$/);

    const ascending = await allPages('/api/v1/audit-events', { limit: 3, sort: 'occurredAt' });
    const key = (event: Record<string, unknown>) => `${event.occurredAt as string}|${String(event.id).padStart(12, '0')}`;
    expect(ascending.map(key)).toEqual([...byId.map(key)].sort());
    const descending = await allPages('/api/v1/audit-events', { limit: 3, sort: '-occurredAt' });
    expect(descending.map(key)).toEqual([...ascending.map(key)].reverse());

    const sorted = (await get('/api/v1/audit-events', { limit: 3, sort: 'occurredAt' })).body.nextCursor;
    expect(refusal(await get('/api/v1/audit-events', { cursor: sorted, sort: '-occurredAt' })).invalidParams).toEqual([
      { name: 'cursor', reasons: ['cursor was issued for sort=occurredAt, not sort=-occurredAt; drop the cursor to start again'] },
    ]);
    expect(refusal(await get('/api/v1/audit-events', { cursor: first.body.nextCursor, sort: 'occurredAt' })).status).toBe(400);
  });

  it("pages an account's ledger oldest first, within from and to", async () => {
    await t.http.post('/api/v1/accounts').set(admin.auth).send({ id: 'sort-acc', balances: { FOOD: 1, MEAL: 1, CASH: 1 } });
    await t.prisma.cardLedgerEntry.updateMany({ where: { accountId: 'sort-acc' }, data: { createdAt: new Date('2026-01-01T00:00:00Z') } });
    for (const [index, at] of ['2026-01-03T00:00:00Z', '2026-01-02T00:00:00Z'].entries()) {
      await t.prisma.cardLedgerEntry.create({ data: { id: `sort-credit-${index}`, accountId: 'sort-acc', kind: 'CREDIT', amountCents: 100n, category: 'FOOD', balance: 'FOOD', code: '00', createdAt: new Date(at) } });
    }
    const path = '/api/v1/accounts/sort-acc/transactions';
    const oldest = await allPages(path, { limit: 2, sort: 'createdAt' });
    const newest = await allPages(path, { limit: 2 });
    expect(oldest.map((entry) => entry.createdAt)).toEqual([...newest.map((entry) => entry.createdAt)].reverse());
    expect(oldest).toHaveLength(5);
    const window = await allPages(path, { limit: 2, from: '2026-01-02T00:00:00Z', to: '2026-01-03T00:00:00Z' });
    expect(window.map((entry) => entry.id)).toEqual(['sort-credit-1']);
    expect(refusal(await get(path, { cursor: 'bm9wZQ' })).invalidParams).toEqual([{ name: 'cursor', reasons: ['cursor must be a cursor returned by a previous page'] }]);
  });

  it("pages a device's readings oldest first with sort=takenAt", async () => {
    await t.prisma.device.create({ data: { id: DEVICE, firstSeenAt: new Date(), lastSeenAt: new Date(), lastReadingAt: new Date() } });
    await t.prisma.gyroscopeReading.createMany({
      data: [3, 1, 4, 2, 5].map((minute) => ({
        id: `00000000-0000-4000-8000-00000000000${minute}`,
        deviceId: DEVICE,
        x: minute,
        y: 0,
        z: 0,
        takenAt: new Date(Date.UTC(2026, 10, 20, 10, minute)),
        receivedAt: new Date(),
        sentBy: 'test',
      })),
    });
    const path = `/api/v1/telemetry/devices/${DEVICE}/gyroscope`;
    expect((await allPages(path, { limit: 2 })).map((reading) => reading.x)).toEqual([5, 4, 3, 2, 1]);
    expect((await allPages(path, { limit: 2, sort: 'takenAt' })).map((reading) => reading.x)).toEqual([1, 2, 3, 4, 5]);
    const legacy = (await get(path, { limit: 2 })).body.nextCursor;
    expect(refusal(await get(path, { cursor: legacy, sort: 'takenAt' })).status).toBe(400);
    expect((await get(`/api/v1/telemetry/devices/${DEVICE}/photos`, { sort: 'takenAt' })).body).toEqual({ items: [], nextCursor: null });
  });

  it('declares sort on every sortable list as an enum, with no example or default Swagger UI would send', async () => {
    const document = (await t.http.get('/docs-json')).body;
    const sorts = Object.entries<Record<string, { parameters?: Array<{ name: string; in: string; example?: unknown; schema: Record<string, any>; description: string }> }>>(document.paths).flatMap(([path, item]) =>
      (item.get?.parameters ?? []).filter((parameter) => parameter.name === 'sort').map((parameter) => ({ path, parameter })),
    );
    expect(sorts.map((entry) => entry.path).sort()).toEqual(
      [
        '/api/v1/users',
        '/api/v1/customers',
        '/api/v1/customers/{id}/events',
        '/api/v1/cashback',
        '/api/v1/products',
        '/api/v1/merchants',
        '/api/v1/accounts/{id}/transactions',
        '/api/v1/audit-events',
        '/api/v1/telemetry/devices',
        '/api/v1/telemetry/devices/{deviceId}/gyroscope',
        '/api/v1/telemetry/devices/{deviceId}/gps',
        '/api/v1/telemetry/devices/{deviceId}/photos',
      ].sort(),
    );
    for (const { path, parameter } of sorts) {
      const values = parameter.schema.items?.enum ?? parameter.schema.enum;
      expect({ path, in: parameter.in, values: Array.isArray(values) && values.length >= 2, example: parameter.example ?? parameter.schema.example, default: parameter.schema.default }).toEqual({ path, in: 'query', values: true, example: undefined, default: undefined });
      expect(parameter.description).toMatch(/Example: `-\w+`/);
    }
  });
});
