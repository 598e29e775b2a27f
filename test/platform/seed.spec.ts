import { ALL_CLAIMS, ROLES, SEEDED_ROLES } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';

const roleClaimLinks = Object.values(SEEDED_ROLES).reduce((sum, claims) => sum + claims.length, 0);

describe('seeding', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { DEMO_ADMIN_PASSWORD: 'Demo-password-for-tests-1' } });
  });

  afterAll(() => t.close());

  it('writes the claim catalog, the roles with their claims and the demo admin; a second run changes nothing', async () => {
    const seed = t.app.get(SeedService);
    expect(await seed.run()).toEqual([
      { seeder: 'roles-and-claims', created: ALL_CLAIMS.length + ROLES.length + roleClaimLinks },
      { seeder: 'demo-admin', created: 1 },
      { seeder: 'demo-customers', created: 3 },
      { seeder: 'card-merchants', created: 4 },
      { seeder: 'demo-card-accounts', created: 1 },
      { seeder: 'product-types', created: 3 },
      { seeder: 'demo-device', created: 1 },
    ]);
    const claims = await t.prisma.claim.findMany({ orderBy: { description: 'asc' } });
    expect(claims.map((c) => c.description)).toEqual([...ALL_CLAIMS].sort());
    expect((await t.prisma.role.findMany()).map((r) => r.description).sort()).toEqual([...ROLES].sort());
    const admin = await t.prisma.user.findUniqueOrThrow({ where: { email: 'admin@demo.local' }, include: { role: true } });
    expect(admin.role.description).toBe('admin');
    expect((await t.http.post('/api/v1/auth/login').send({ email: 'admin@demo.local', password: 'Demo-password-for-tests-1' })).status).toBe(200);
    // The document's examples run against these: card account 123 of the first demo customer, the
    // demo device enrolled to the demo administrator.
    const account = await t.prisma.cardAccount.findUniqueOrThrow({ where: { id: '123' } });
    expect(account).toMatchObject({ customerId: '4b0c7a1e-2f7d-4e55-9d1a-8c3f0e6b2a10', foodCents: 50_000n, mealCents: 30_000n, cashCents: 10_000n });
    expect((await t.prisma.device.findUniqueOrThrow({ where: { id: 'AA:BB:CC:DD:EE:01' } })).ownerUserId).toBe(admin.id);

    // Operators' changes survive a re-seed: a deactivated claim, a claim removed from a seeded role.
    await t.prisma.claim.update({ where: { description: 'users:write' }, data: { active: false } });
    const device = await t.prisma.role.findUniqueOrThrow({ where: { description: 'device' } });
    await t.prisma.roleClaim.deleteMany({ where: { roleId: device.id } });
    expect(await seed.run()).toEqual([
      { seeder: 'roles-and-claims', created: 0 },
      { seeder: 'demo-admin', created: 0 },
      { seeder: 'demo-customers', created: 0 },
      { seeder: 'card-merchants', created: 0 },
      { seeder: 'demo-card-accounts', created: 0 },
      { seeder: 'product-types', created: 0 },
      { seeder: 'demo-device', created: 0 },
    ]);
    expect((await t.prisma.claim.findUniqueOrThrow({ where: { description: 'users:write' } })).active).toBe(false);
    expect(await t.prisma.roleClaim.count({ where: { roleId: device.id } })).toBe(0);
  });

  it('gives the admin role claims added later', async () => {
    const adminRole = await t.prisma.role.findUniqueOrThrow({ where: { description: 'admin' } });
    const claim = await t.prisma.claim.findUniqueOrThrow({ where: { description: 'audit:read' } });
    await t.prisma.roleClaim.delete({ where: { roleId_claimId: { roleId: adminRole.id, claimId: claim.id } } });
    expect((await t.app.get(SeedService).run())[0]).toEqual({ seeder: 'roles-and-claims', created: 1 });
  });

  it('grants a claim new to the catalog to every seeded role that lists it, as an upgrade needs', async () => {
    // A database seeded before cashback:read-all existed: the claim is unknown, no role holds it.
    await t.prisma.claim.delete({ where: { description: 'cashback:read-all' } });
    expect((await t.app.get(SeedService).run())[0]).toEqual({ seeder: 'roles-and-claims', created: 3 });
    const holders = await t.prisma.roleClaim.findMany({ where: { claim: { description: 'cashback:read-all' } }, include: { role: true } });
    expect(holders.map((link) => link.role.description).sort()).toEqual(['admin', 'operator']);
  });
});

describe('seeding in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { NODE_ENV: 'production', DATABASE_URL: 'set-by-helper', DEMO_ADMIN_PASSWORD: 'Demo-password-for-tests-1' } });
  });

  afterAll(() => t.close());

  it('creates reference data but no default credentials', async () => {
    const reports = await t.app.get(SeedService).run();
    expect(reports.slice(1)).toEqual([
      { seeder: 'demo-admin', created: 0 },
      { seeder: 'demo-customers', created: 0 },
      { seeder: 'card-merchants', created: 4 },
      { seeder: 'demo-card-accounts', created: 0 },
      { seeder: 'product-types', created: 3 },
      { seeder: 'demo-device', created: 0 },
    ]);
    expect(await t.prisma.user.count()).toBe(0);
    expect(await t.prisma.customer.count()).toBe(0);
  });
});
