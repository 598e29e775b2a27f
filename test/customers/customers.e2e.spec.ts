import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase, formatCpf } from '../../src/customers/cpf';
import { FieldCipher } from '../../src/platform/crypto/field-cipher';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

const CPF = cpfFromBase('529982247');

const body = (cpf = CPF) => ({
  cpf: formatCpf(cpf),
  name: 'José da Silva',
  address: { street: 'Rua das Flores', number: '123', city: 'São Paulo', state: 'SP', postalCode: '01310-100' },
  debts: [{ creditor: 'Banco Exemplo', amount: '1500.5', dueDate: '2026-12-10', status: 'OPEN' }],
  birthDate: '1985-03-22',
  assets: [{ type: 'VEHICLE', description: 'Hatch 2019', value: 45000 }],
  incomeSources: [{ source: 'Salário', monthlyAmount: '6500.00' }],
});

describe('customers (e2e)', () => {
  let t: TestApp;
  let writer: TestUser;
  let sensitive: TestUser;
  let reader: TestUser;
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp();
    writer = await createUserWithClaims(t, [Claim.CustomersWrite, Claim.CustomersRead, Claim.CustomersReadSensitive]);
    sensitive = await createUserWithClaims(t, [Claim.CustomersRead, Claim.CustomersReadSensitive]);
    reader = await createUserWithClaims(t, [Claim.CustomersRead]);
    const created = await t.http.post('/api/v1/customers').set(writer.auth).send(body());
    expect(created.status).toBe(201);
    customerId = created.body.id;
  });

  afterAll(() => t.close());

  it('answers the created customer with both tiers and money as two-decimal strings', async () => {
    const res = await t.http.get(`/api/v1/customers/${customerId}`).set(sensitive.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: customerId,
      cpf: formatCpf(CPF),
      name: 'José da Silva',
      address: { street: 'Rua das Flores', number: '123', city: 'São Paulo', state: 'SP', postalCode: '01310100' },
      debts: [{ creditor: 'Banco Exemplo', amount: '1500.50', dueDate: '2026-12-10', status: 'OPEN' }],
      scoreData: {
        customerId,
        birthDate: '1985-03-22',
        age: expect.any(Number),
        address: { city: 'São Paulo', state: 'SP', postalCode: '01310100' },
        assets: [{ type: 'VEHICLE', description: 'Hatch 2019', value: '45000.00' }],
        incomeSources: [{ source: 'Salário', monthlyAmount: '6500.00' }],
      },
    });
  });

  it('leaves tier A out, not masked, for callers without customers:read-sensitive', async () => {
    const res = await t.http.get(`/api/v1/customers/${customerId}`).set(reader.auth);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'id', 'scoreData', 'updatedAt']);
    expect(JSON.stringify(res.body)).not.toMatch(/José|Flores|Banco|529/);
  });

  it('audits every tier-A read with who read whose data', async () => {
    const before = await t.prisma.auditEvent.count({ where: { action: 'customer.read-sensitive', entityId: customerId } });
    await t.http.get(`/api/v1/customers/${customerId}`).set(sensitive.auth).set('X-Request-Id', 'tier-a-read-1');
    await t.http.get(`/api/v1/customers/${customerId}`).set(reader.auth);
    const events = await t.prisma.auditEvent.findMany({ where: { action: 'customer.read-sensitive', entityId: customerId }, orderBy: { id: 'desc' } });
    expect(events).toHaveLength(before + 1);
    expect(events[0]).toMatchObject({ actor: sensitive.email, actorUserId: sensitive.id, requestId: 'tier-a-read-1' });
  });

  it('stores no CPF, name, address or debt in clear', async () => {
    const rows = await t.prisma.$queryRaw<Array<Record<string, string>>>`SELECT * FROM customers WHERE id = ${customerId}::uuid`;
    const raw = JSON.stringify(rows);
    for (const clear of [CPF, formatCpf(CPF), 'José', 'Silva', 'Flores', 'Banco Exemplo', '150050']) expect(raw).not.toContain(clear);
    expect(rows[0].cpf_enc).toMatch(/^v1\.test1\./);
    expect(rows[0].name_enc).toMatch(/^v1\.test1\./);
    expect(rows[0].enc_key_id).toBe('test1');
    expect(rows[0].cpf_index).toMatch(/^[0-9a-f]{64}$/);
    // Bound to row and column as every stored row was written: associated data `customers:<id>:<column>`.
    const cipher = t.app.get(FieldCipher);
    expect(cipher.decrypt(rows[0].cpf_enc, `customers:${customerId}:cpf`)).toBe(CPF);
    expect(cipher.decrypt(rows[0].name_enc, `customers:${customerId}:name`)).toBe('José da Silva');
    expect(JSON.parse(cipher.decrypt(rows[0].address_enc, `customers:${customerId}:address`))).toMatchObject({ street: 'Rua das Flores', city: 'São Paulo' });
    expect(JSON.parse(cipher.decrypt(rows[0].debts_enc, `customers:${customerId}:debts`))).toEqual([expect.objectContaining({ creditor: 'Banco Exemplo' })]);
    const audit = JSON.stringify(await t.prisma.auditEvent.findMany({ where: { entityId: customerId } }), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    for (const clear of [CPF, 'José', 'Flores']) expect(audit).not.toContain(clear);
  });

  it('finds a customer by CPF, with or without punctuation, and records the bureau query', async () => {
    const plain = await t.http.get('/api/v1/customers').query({ cpf: CPF }).set(reader.auth);
    expect(plain.body).toMatchObject({ total: 1, items: [{ id: customerId }] });
    expect(plain.body.items[0].cpf).toBeUndefined();
    const punctuated = await t.http.get('/api/v1/customers').query({ cpf: formatCpf(CPF) }).set(sensitive.auth);
    expect(punctuated.body.items[0]).toMatchObject({ id: customerId, cpf: formatCpf(CPF) });
    const events = await t.prisma.customerEvent.findMany({ where: { customerId, type: 'BUREAU_QUERY' }, orderBy: { id: 'asc' } });
    expect(events.map((event) => event.details)).toEqual([
      { client: reader.email, role: expect.stringMatching(/^test-role-/), reason: 'cpf-lookup' },
      { client: sensitive.email, role: expect.stringMatching(/^test-role-/), reason: 'cpf-lookup' },
    ]);
    const missing = await t.http.get('/api/v1/customers').query({ cpf: cpfFromBase('123456789') }).set(reader.auth);
    expect(missing.body).toMatchObject({ total: 0, items: [] });
  });

  it('validates CPFs and every field, naming them', async () => {
    const bad = await t.http.post('/api/v1/customers').set(writer.auth).send({
      ...body('11111111111'),
      address: { street: '', number: '1', city: 'X', state: 'sp', postalCode: '123' },
      debts: [{ creditor: 'B', amount: '10.001', dueDate: '2026-13-01', status: 'LATE' }],
      assets: [{ type: 'BOAT', description: 'x', value: -1 }],
      birthDate: 'yesterday',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(
      ['address.postalCode', 'address.state', 'address.street', 'assets[0].type', 'assets[0].value', 'birthDate', 'cpf', 'debts[0].amount', 'debts[0].dueDate', 'debts[0].status'].sort(),
    );
    expect((await t.http.get('/api/v1/customers').query({ cpf: '529.982.247-24' }).set(reader.auth)).body.invalidParams[0].name).toBe('cpf');
  });

  it('refuses a second customer with the same CPF', async () => {
    const res = await t.http.post('/api/v1/customers').set(writer.auth).send(body(CPF));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CPF_TAKEN');
  });

  it('updates tiers A and B, keeping the CPF unique', async () => {
    const other = (await t.http.post('/api/v1/customers').set(writer.auth).send(body(cpfFromBase('111444777')))).body;
    const res = await t.http.patch(`/api/v1/customers/${other.id}`).set(writer.auth).send({
      name: 'Maria Oliveira',
      address: { street: 'Av. Brasil', number: '2000', city: 'Rio de Janeiro', state: 'RJ', postalCode: '20040002' },
      incomeSources: [],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Maria Oliveira', scoreData: { address: { city: 'Rio de Janeiro', state: 'RJ' }, incomeSources: [], assets: [{ type: 'VEHICLE' }] } });
    expect((await t.http.patch(`/api/v1/customers/${other.id}`).set(writer.auth).send({ cpf: CPF })).body.code).toBe('CPF_TAKEN');
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'customer.update', entityId: other.id } });
    expect(audit.changes).toMatchObject({ name: { from: '[redacted]', to: '[redacted]' } });
    expect(audit.changes).not.toHaveProperty('cpf');
  });

  it('serves score data (tier B) on its own', async () => {
    const res = await t.http.get(`/api/v1/customers/${customerId}/score-data`).set(reader.auth);
    expect(res.body).toMatchObject({ customerId, birthDate: '1985-03-22', assets: [{ value: '45000.00' }] });
  });

  it('lists customers a page at a time, tier B only', async () => {
    const res = await t.http.get('/api/v1/customers').query({ pageSize: 1 }).set(sensitive.auth);
    expect(res.body).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    expect(res.body.items[0].cpf).toBeUndefined();
  });

  it('answers 404 and 400 for unknown and malformed ids', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/api/v1/customers/${unknown}`, `/api/v1/customers/${unknown}/score-data`, `/api/v1/customers/${unknown}/events`, `/api/v1/customers/${unknown}/events/summary`]) {
      expect((await t.http.get(path).set(sensitive.auth)).body).toMatchObject({ status: 404, code: 'CUSTOMER_NOT_FOUND' });
    }
    const bad = await t.http.get('/api/v1/customers/42').set(sensitive.auth);
    expect(bad.body).toMatchObject({ status: 400, invalidParams: [{ name: 'id', reasons: ['id must be a UUID'] }] });
  });

  it('deletes tiers A and B and keeps the events for the retention period', async () => {
    const doomed = (await t.http.post('/api/v1/customers').set(writer.auth).send(body(cpfFromBase('935411347')))).body;
    await t.http.post(`/api/v1/customers/${doomed.id}/events`).set(writer.auth).send({ type: 'CARD_PURCHASE', occurredAt: new Date().toISOString(), amount: 10 });
    expect((await t.http.delete(`/api/v1/customers/${doomed.id}`).set(writer.auth)).status).toBe(204);
    expect((await t.http.get(`/api/v1/customers/${doomed.id}`).set(writer.auth)).status).toBe(404);
    expect(await t.prisma.customerProfile.count({ where: { customerId: doomed.id } })).toBe(0);
    expect(await t.prisma.customerEvent.count({ where: { customerId: doomed.id } })).toBe(1);
    expect((await t.http.delete(`/api/v1/customers/${doomed.id}`).set(writer.auth)).status).toBe(404);
  });
});
