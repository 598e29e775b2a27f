import { Claim, SEEDED_ROLES } from '../../src/platform/auth/claims';
import { cpfFromBase, formatCpf, maskCpf } from '../../src/customers/cpf';
import { FieldCipher } from '../../src/platform/crypto/field-cipher';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

const CPF = cpfFromBase('602113248');
const NAME = 'MARIA TENANCY SOUSA';

const purchase = (total = '50.00') => ({
  sold_at: '2026-03-04 10:00:00',
  customer: { document: formatCpf(CPF), name: NAME },
  total,
  products: [{ type: 'TEN', value: total, qty: 1 }],
});

/**
 * Purchases belong to the ERP that posted them; the buyer's CPF is tier A. Two ERPs with the seeded
 * `erp` role's claims, an operator with the seeded `operator` role's claims, and an auditor who
 * also holds customers:read-sensitive.
 */
describe('cashback tenancy and the CPF of purchases (e2e)', () => {
  let t: TestApp;
  let erpA: TestUser;
  let erpB: TestUser;
  let operator: TestUser;
  let auditor: TestUser;
  let ofA: string;
  let ofB: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.prisma.productType.create({ data: { code: 'TEN', description: 'Tenancy checks', rateBps: 1000 } });
    erpA = await createUserWithClaims(t, SEEDED_ROLES.erp);
    erpB = await createUserWithClaims(t, SEEDED_ROLES.erp);
    operator = await createUserWithClaims(t, SEEDED_ROLES.operator);
    auditor = await createUserWithClaims(t, [Claim.CashbackRead, Claim.CashbackReadAll, Claim.CustomersReadSensitive]);
    const a = await t.http.post('/api/v1/cashback').set(erpA.auth).send(purchase('50.00'));
    const b = await t.http.post('/api/v1/cashback').set(erpB.auth).send(purchase('70.00'));
    expect([a.status, b.status]).toEqual([201, 201]);
    [ofA, ofB] = [a.body.id, b.body.id];
  });

  afterAll(() => t.close());

  const sensitiveReads = (actor: TestUser) => t.prisma.auditEvent.findMany({ where: { action: 'cashback.purchase.read-sensitive', actorUserId: actor.id }, orderBy: { id: 'asc' } });

  it("an ERP reads only its own purchases: another ERP's answers 404, and lists and reports hold only its own", async () => {
    expect((await t.http.get(`/api/v1/cashback/${ofA}`).set(erpA.auth)).status).toBe(200);
    const foreign = await t.http.get(`/api/v1/cashback/${ofA}`).set(erpB.auth);
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'PURCHASE_NOT_FOUND' });
    const list = await t.http.get('/api/v1/cashback').set(erpB.auth);
    expect({ total: list.body.total, ids: list.body.items.map((item: { id: string }) => item.id) }).toEqual({ total: 1, ids: [ofB] });
    const report = await t.http.get('/api/v1/cashback/reconciliation').set(erpB.auth);
    expect(report.body.byStatus).toEqual([{ status: 'PENDING', purchases: 1, total: '70.00', cashback: '7.00' }]);
  });

  it("an ERP cannot re-send another ERP's FAILED purchase (404), only its own (202)", async () => {
    await t.prisma.cashbackPurchase.update({ where: { id: ofA }, data: { status: 'FAILED' } });
    const foreign = await t.http.post(`/api/v1/cashback/${ofA}/resend`).set(erpB.auth);
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'PURCHASE_NOT_FOUND' });
    expect((await t.prisma.cashbackPurchase.findUniqueOrThrow({ where: { id: ofA } })).status).toBe('FAILED');
    const own = await t.http.post(`/api/v1/cashback/${ofA}/resend`).set(erpA.auth);
    expect({ status: own.status, state: own.body.status }).toEqual({ status: 202, state: 'PENDING' });
  });

  it('without customers:read-sensitive the CPF is masked, nothing is audited, and a search by CPF is refused', async () => {
    const ownPost = await t.http.get(`/api/v1/cashback/${ofA}`).set(erpA.auth);
    expect(ownPost.body.document).toBe(maskCpf(CPF));
    expect(maskCpf(CPF)).toMatch(/^\*\*\*\.\*\*\*\.\d{3}-\d{2}$/);
    // The operator sees every ERP's purchases (cashback:read-all), still masked.
    const all = await t.http.get('/api/v1/cashback').set(operator.auth);
    expect(all.body.items.map((item: { id: string }) => item.id).sort()).toEqual([ofA, ofB].sort());
    expect(all.body.items.map((item: { document: string }) => item.document)).toEqual([maskCpf(CPF), maskCpf(CPF)]);
    expect(all.text).not.toContain(CPF.slice(0, 6));
    const search = await t.http.get('/api/v1/cashback').query({ document: CPF }).set(operator.auth);
    expect({ status: search.status, code: search.body.code, missing: search.body.missingClaims }).toEqual({ status: 403, code: 'MISSING_CLAIMS', missing: ['customers:read-sensitive'] });
    expect((await t.http.get('/api/v1/cashback').query({ document: CPF }).set(erpA.auth)).status).toBe(403);
    expect(await sensitiveReads(operator)).toEqual([]);
  });

  it('with customers:read-sensitive the CPF is in clear and every purchase shown with it is audited', async () => {
    const one = await t.http.get(`/api/v1/cashback/${ofB}`).set(auditor.auth);
    expect(one.body.document).toBe(CPF);
    const found = await t.http.get('/api/v1/cashback').query({ document: formatCpf(CPF) }).set(auditor.auth);
    expect(found.body.items.map((item: { document: string }) => item.document)).toEqual([CPF, CPF]);
    const audits = await sensitiveReads(auditor);
    expect(audits.map((audit) => audit.entityId).sort()).toEqual([ofB, ofA, ofB].sort());
    expect(audits.every((audit) => audit.entityType === 'cashback-purchase' && audit.actor === auditor.email && audit.requestId !== null)).toBe(true);
  });

  it('a purchase whose poster is unknown (recorded before posters were kept) is seen only with cashback:read-all', async () => {
    const legacy = await t.http.post('/api/v1/cashback').set(erpA.auth).send(purchase('10.00'));
    await t.prisma.cashbackPurchase.update({ where: { id: legacy.body.id }, data: { postedByUserId: null } });
    expect((await t.http.get(`/api/v1/cashback/${legacy.body.id}`).set(erpA.auth)).status).toBe(404);
    expect((await t.http.get(`/api/v1/cashback/${legacy.body.id}`).set(operator.auth)).status).toBe(200);
  });

  it('deleting the customer erases its CPF and name from every purchase, in clear, indexed and in the stored payload', async () => {
    const writer = await createUserWithClaims(t, [Claim.CustomersWrite]);
    const { customerId } = await t.prisma.cashbackPurchase.findUniqueOrThrow({ where: { id: ofA } });
    expect((await t.http.delete(`/api/v1/customers/${customerId}`).set(writer.auth)).status).toBe(204);

    const rows = await t.prisma.cashbackPurchase.findMany({ where: { customerId } });
    expect(rows.length).toBe(3);
    const cipher = t.app.get(FieldCipher);
    for (const row of rows) {
      expect({ documentEnc: row.documentEnc, documentIndex: row.documentIndex }).toEqual({ documentEnc: null, documentIndex: null });
      const payload = cipher.decrypt(row.rawPayloadEnc, `cashback_purchases:${row.id}:raw_payload`);
      expect(payload).not.toContain(CPF.slice(0, 9));
      expect(payload).not.toContain(NAME);
      expect(JSON.parse(payload)).toMatchObject({ customer: { document: null, name: null }, products: [{ type: 'TEN' }] });
    }
    const after = await t.http.get(`/api/v1/cashback/${ofB}`).set(auditor.auth);
    expect({ document: after.body.document, total: after.body.total }).toEqual({ document: null, total: '70.00' });
    expect((await t.http.get('/api/v1/cashback').query({ document: CPF }).set(auditor.auth)).body.total).toBe(0);
    // Reconciliation keeps the amounts: it never needed the CPF.
    const report = await t.http.get('/api/v1/cashback/reconciliation').set(operator.auth);
    expect(report.body.byStatus.reduce((sum: number, line: { purchases: number }) => sum + line.purchases, 0)).toBe(3);
    const deletion = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'customer.delete', entityId: customerId! } });
    expect(deletion.changes).toEqual({ 'erased.cashback-purchases': { to: 3 } });
  });
});
