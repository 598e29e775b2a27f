import { randomBytes } from 'node:crypto';
import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase, formatCpf } from '../../src/customers/cpf';
import { KeyRotationService } from '../../src/customers/key-rotation.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { eventually } from '../support/wait';

const ADDRESS = { street: 'Rua das Flores', number: '12', city: 'Recife', state: 'PE', postalCode: '50010000' };
const TEST1 = process.env.FIELD_ENCRYPTION_KEYS!;
const TEST2 = `test2:${randomBytes(32).toString('base64')}`;

const NAMES = ['Maria da Silva', 'Mário Souza', 'Ana Maria Marques', 'José Marinho', 'Li Wu', 'Amaro Lima'];

describe('customer search by name prefix (e2e)', () => {
  let t: TestApp;
  let sensitive: TestUser;
  let reader: TestUser;
  const ids = new Map<string, string>();

  const search = (name: string, user: TestUser = sensitive, query: Record<string, unknown> = {}) => t.http.get('/api/v1/customers').query({ name, ...query }).set(user.auth);
  const found = async (name: string, query: Record<string, unknown> = {}) => {
    const res = await search(name, sensitive, query);
    expect(res.status).toBe(200);
    return res.body.items.map((customer: { name: string }) => customer.name);
  };

  beforeAll(async () => {
    t = await createTestApp();
    // Only what a purchase needs: the demo customers' names would match the searches too.
    await t.prisma.productType.create({ data: { code: 'A', description: 'Alimentos', rateBps: 500 } });
    sensitive = await createUserWithClaims(t, [Claim.CustomersRead, Claim.CustomersReadSensitive, Claim.CustomersWrite, Claim.CashbackWrite]);
    reader = await createUserWithClaims(t, [Claim.CustomersRead]);
    for (const [index, name] of NAMES.entries()) {
      const res = await t.http.post('/api/v1/customers').set(sensitive.auth).send({ cpf: cpfFromBase(String(700_000_000 + index * 1_013)), name, address: ADDRESS });
      expect(res.status).toBe(201);
      ids.set(name, res.body.id);
    }
  });

  afterAll(() => t.close());

  it('finds every customer with a name word starting with the prefix, accents and case ignored, tier A shown', async () => {
    expect(await found('mar')).toEqual(['Maria da Silva', 'Mário Souza', 'Ana Maria Marques', 'José Marinho']);
    expect(await found('MÁRI')).toEqual(['Maria da Silva', 'Mário Souza', 'Ana Maria Marques', 'José Marinho']);
    expect(await found('mario')).toEqual(['Mário Souza']);
    // A prefix of a word, never the middle of one: "amaro" does not start with "mar".
    expect(await found('ama')).toEqual(['Amaro Lima']);
    const res = await search('sil');
    expect(res.body).toMatchObject({ total: 1, items: [{ id: ids.get('Maria da Silva'), name: 'Maria da Silva', cpf: expect.any(String), address: ADDRESS }] });
  });

  it('wants every word of the search to start a word of the name', async () => {
    expect(await found('maria sil')).toEqual(['Maria da Silva']);
    expect(await found('mar mar')).toEqual(['Maria da Silva', 'Mário Souza', 'Ana Maria Marques', 'José Marinho']);
    expect(await found('ana mar')).toEqual(['Ana Maria Marques']);
    expect(await found('xyz')).toEqual([]);
  });

  it('pages and sorts the matches', async () => {
    const page = await search('mar', sensitive, { page: 2, pageSize: 3, sort: '-createdAt' });
    expect(page.body).toMatchObject({ total: 4, page: 2, pageSize: 3, items: [{ name: 'Maria da Silva' }] });
  });

  it('refuses a prefix under 3 characters, short words, too many words, and name with cpf, naming name', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'ma' }, 'name must be longer than or equal to 3 characters'],
      [{ name: 'maria da' }, 'each word of name must have at least 3 letters or digits (DA has fewer)'],
      [{ name: '- - -' }, 'name must hold a word of at least 3 letters or digits'],
      [{ name: 'abc abd abe abf abg abh' }, 'name must hold at most 5 words'],
      [{ name: 'mar', cpf: formatCpf(cpfFromBase('700000000')) }, 'name cannot be combined with cpf: a CPF finds one customer'],
    ];
    for (const [query, reason] of cases) {
      const res = await t.http.get('/api/v1/customers').query(query).set(sensitive.auth);
      expect({ query, status: res.status, code: res.body.code, invalidParams: res.body.invalidParams }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED', invalidParams: [{ name: 'name', reasons: [reason] }] });
    }
  });

  it('answers 403 to a caller without customers:read-sensitive, and records nothing', async () => {
    const events = await t.prisma.customerEvent.count();
    const res = await search('mar', reader);
    expect({ status: res.status, code: res.body.code, missing: res.body.missingClaims }).toEqual({ status: 403, code: 'MISSING_CLAIMS', missing: ['customers:read-sensitive'] });
    expect(await t.prisma.customerEvent.count()).toBe(events);
    // The plain list stays open to it, tier B only.
    const list = await t.http.get('/api/v1/customers').set(reader.auth);
    expect({ status: list.status, name: list.body.items[0].name }).toEqual({ status: 200, name: undefined });
  });

  it('records a bureau query on each customer found and audits the search without its text', async () => {
    const before = new Date();
    await search('marq');
    const customer = ids.get('Ana Maria Marques')!;
    const bureau = await t.prisma.customerEvent.findMany({ where: { customerId: customer, type: 'BUREAU_QUERY', recordedAt: { gte: before } } });
    expect(bureau.map((event) => event.details)).toEqual([{ client: sensitive.email, role: expect.any(String), reason: 'name-search' }]);
    const audits = await t.prisma.auditEvent.findMany({ where: { occurredAt: { gte: before }, action: { in: ['customer.search-name', 'customer.read-sensitive'] } }, orderBy: { id: 'asc' } });
    expect(audits.map((audit) => `${audit.action} ${audit.entityId}`)).toEqual(['customer.search-name *', `customer.read-sensitive ${customer}`]);
    expect(audits[0].changes).toEqual({ name: { to: expect.stringMatching(/^[0-9a-f]{64}$/) }, found: { to: 1 } });
    expect(JSON.stringify(audits.map((audit) => audit.changes))).not.toMatch(/marq/i);
  });

  it('stores keyed tokens only: no name or prefix in clear, the same prefix the same token across customers', async () => {
    const rows = await t.prisma.$queryRaw<Array<{ id: string; name_tokens: string[]; name_index_key_id: string }>>`SELECT id::text, name_tokens, name_index_key_id FROM customers`;
    const dump = JSON.stringify(rows);
    for (const word of ['MAR', 'Maria', 'SILVA', 'silva', 'SOUZA']) expect(dump).not.toContain(word);
    const tokensOf = (name: string) => rows.find((row) => row.id === ids.get(name))!.name_tokens;
    expect(tokensOf('Maria da Silva')).toHaveLength(6);
    expect(tokensOf('Li Wu')).toEqual([]);
    expect(tokensOf('Maria da Silva').filter((token) => tokensOf('José Marinho').includes(token))).toHaveLength(2);
    expect(new Set(rows.map((row) => row.name_index_key_id))).toEqual(new Set(['test1']));
  });

  it('follows a renamed customer', async () => {
    const id = ids.get('Li Wu')!;
    expect((await t.http.patch(`/api/v1/customers/${id}`).set(sensitive.auth).send({ name: 'Lívia Marçal' })).status).toBe(200);
    expect(await found('marc')).toEqual(['Lívia Marçal']);
    expect((await t.http.patch(`/api/v1/customers/${id}`).set(sensitive.auth).send({ name: 'Li Wu' })).status).toBe(200);
    expect(await found('marc')).toEqual([]);
  });

  it('finds a customer a cashback purchase created, at once', async () => {
    const posted = await t.http
      .post('/api/v1/cashback')
      .set(sensitive.auth)
      .send({ sold_at: '2026-01-02 00:00:00', customer: { document: formatCpf(cpfFromBase('909090901')), name: 'BENEDITO ZAMBONI' }, total: '10.00', products: [{ type: 'A', value: '10.00', qty: 1 }] });
    expect(posted.status).toBe(201);
    expect(await found('zamb')).toEqual(['BENEDITO ZAMBONI']);
  });

  it('builds the index of rows written before it, at the next start and with keys:rotate', async () => {
    const unindexed = ids.get('Amaro Lima')!;
    await t.prisma.$executeRaw`UPDATE customers SET name_tokens = '{}', name_index_key_id = NULL WHERE id = ${unindexed}::uuid`;
    expect(await found('amaro')).toEqual([]);
    const rotation = t.app.get(KeyRotationService);
    expect(await rotation.withoutNameIndex()).toBe(1);
    expect(await rotation.rebuildNameIndex()).toBe(1);
    expect(await found('amaro')).toEqual(['Amaro Lima']);
    expect(await t.prisma.auditEvent.count({ where: { action: 'customers.name-index.build' } })).toBe(1);

    await t.prisma.$executeRaw`UPDATE customers SET name_tokens = '{}', name_index_key_id = NULL WHERE id = ${unindexed}::uuid`;
    const restarted = await createTestApp({ database: t.database });
    try {
      await eventually(async () => (await restarted.app.get(KeyRotationService).withoutNameIndex()) === 0, 10_000, 'the start-up pass');
      expect(await found('amaro')).toEqual(['Amaro Lima']);
    } finally {
      await restarted.close();
    }
  });

  it('rebuilds every token when keys rotate: found before, during and after, also once the old key is gone', async () => {
    const both = await createTestApp({ env: { FIELD_ENCRYPTION_KEYS: `${TEST1},${TEST2}`, FIELD_ENCRYPTION_ACTIVE_KEY: 'test2' }, database: t.database });
    try {
      const user = await createUserWithClaims(both, [Claim.CustomersRead, Claim.CustomersReadSensitive]);
      const names = async (app: TestApp, who: TestUser) => (await app.http.get('/api/v1/customers').query({ name: 'mar' }).set(who.auth)).body.items.map((customer: { name: string }) => customer.name);
      const expected = ['Maria da Silva', 'Mário Souza', 'Ana Maria Marques', 'José Marinho'];
      const tokensBefore = await both.prisma.customer.findUnique({ where: { id: ids.get('Maria da Silva') }, select: { nameTokens: true } });
      // Rows under test1, a new one under test2: one search finds both.
      await both.http.post('/api/v1/customers').set(sensitive.auth).send({ cpf: cpfFromBase('808080801'), name: 'Marta Nova', address: ADDRESS });
      expect(await names(both, user)).toEqual([...expected, 'Marta Nova']);

      await both.app.get(KeyRotationService).rotate({ batchSize: 3 });
      const after = await both.prisma.customer.findMany({ select: { id: true, encKeyId: true, nameIndexKeyId: true, nameTokens: true } });
      expect(new Set(after.map((row) => `${row.encKeyId}/${row.nameIndexKeyId}`))).toEqual(new Set(['test2/test2']));
      expect(after.find((row) => row.id === ids.get('Maria da Silva'))!.nameTokens).not.toEqual(tokensBefore!.nameTokens);
      expect(await names(both, user)).toEqual([...expected, 'Marta Nova']);

      const onlyNew = await createTestApp({ env: { FIELD_ENCRYPTION_KEYS: TEST2, FIELD_ENCRYPTION_ACTIVE_KEY: 'test2' }, database: t.database });
      try {
        expect(await names(onlyNew, user)).toEqual([...expected, 'Marta Nova']);
      } finally {
        await onlyNew.close();
      }
    } finally {
      await both.close();
    }
  });
});
