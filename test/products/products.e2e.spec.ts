import { Claim } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

describe('product types and products (e2e)', () => {
  let t: TestApp;
  let writer: TestUser;
  let reader: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    writer = await createUserWithClaims(t, [Claim.ProductsRead, Claim.ProductsWrite]);
    reader = await createUserWithClaims(t, [Claim.ProductsRead]);
  });

  afterAll(() => t.close());

  it('lists the seeded types with their rates', async () => {
    const res = await t.http.get('/api/v1/product-types').set(reader.auth);
    expect(res.body.map((type: { code: string; rate: string }) => `${type.code}=${type.rate}`)).toEqual(['A=5.00', 'B=15.00', 'C=10.00']);
  });

  it('creates and updates types; rates are percentages with two decimals at most', async () => {
    const created = await t.http.post('/api/v1/product-types').set(writer.auth).send({ code: 'D', description: 'Eletrônicos', rate: '7.5' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'D', rate: '7.50' });
    expect((await t.http.post('/api/v1/product-types').set(writer.auth).send({ code: 'D', description: 'x', rate: 1 })).body.code).toBe('PRODUCT_TYPE_EXISTS');
    const bad = await t.http.post('/api/v1/product-types').set(writer.auth).send({ code: 'E', description: 'x', rate: '120' });
    expect(bad.body.invalidParams).toEqual([{ name: 'rate', reasons: [expect.stringContaining('0 to 100')] }]);
    const patched = await t.http.patch('/api/v1/product-types/D').set(writer.auth).send({ rate: 8 });
    expect(patched.body.rate).toBe('8.00');
    expect((await t.http.get('/api/v1/product-types/Z').set(reader.auth)).body.code).toBe('PRODUCT_TYPE_NOT_FOUND');
    expect((await t.http.post('/api/v1/product-types').set(reader.auth).send({ code: 'F', description: 'x', rate: 1 })).status).toBe(403);
  });

  it('manages the catalog: create, read, page, filter, update, delete', async () => {
    const created = await t.http.post('/api/v1/products').set(writer.auth).send({ sku: 'SKU-1', name: ' Arroz 5 kg ', type: 'A', price: 25.9 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku: 'SKU-1', name: 'Arroz 5 kg', type: 'A', price: '25.90' });
    await t.http.post('/api/v1/products').set(writer.auth).send({ sku: 'SKU-2', name: 'Feijão', type: 'B', price: '8.49' });
    await t.http.post('/api/v1/products').set(writer.auth).send({ sku: 'SKU-3', name: 'Café', type: 'A', price: '15.00' });
    expect((await t.http.post('/api/v1/products').set(writer.auth).send({ sku: 'SKU-1', name: 'x', type: 'A', price: 1 })).body.code).toBe('SKU_TAKEN');
    const unknownType = await t.http.post('/api/v1/products').set(writer.auth).send({ sku: 'SKU-9', name: 'x', type: 'Z', price: 1 });
    expect(unknownType.body).toMatchObject({ status: 400, invalidParams: [{ name: 'type' }] });
    const invalid = await t.http.post('/api/v1/products').set(writer.auth).send({ sku: 'bad sku', name: '', type: 'A', price: '1.999' });
    expect(invalid.body.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(['name', 'price', 'sku']);

    const page = await t.http.get('/api/v1/products').query({ type: 'A', pageSize: 1, page: 2 }).set(reader.auth);
    expect(page.body).toMatchObject({ total: 2, items: [{ sku: 'SKU-3' }] });
    expect((await t.http.get(`/api/v1/products/${created.body.id}`).set(reader.auth)).body.name).toBe('Arroz 5 kg');
    const updated = await t.http.patch(`/api/v1/products/${created.body.id}`).set(writer.auth).send({ price: '27.50', type: 'C' });
    expect(updated.body).toMatchObject({ price: '27.50', type: 'C' });
    expect((await t.http.delete(`/api/v1/products/${created.body.id}`).set(writer.auth)).status).toBe(204);
    expect((await t.http.get(`/api/v1/products/${created.body.id}`).set(reader.auth)).body.code).toBe('PRODUCT_NOT_FOUND');
    expect(await t.prisma.auditEvent.count({ where: { entityType: 'product' } })).toBe(5);
  });
});
