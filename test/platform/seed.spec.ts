import { ALL_CLAIMS, ROLES } from '../../src/users/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';

describe('seeding', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('writes the claim catalog and the roles, and a second run changes nothing', async () => {
    const seed = t.app.get(SeedService);
    const first = await seed.run();
    expect(first).toEqual([{ seeder: 'roles-and-claims', created: ALL_CLAIMS.length + ROLES.length }]);
    const claims = await t.prisma.claim.findMany({ orderBy: { description: 'asc' } });
    expect(claims.map((c) => c.description)).toEqual([...ALL_CLAIMS].sort());
    expect(claims.every((c) => c.active)).toBe(true);
    expect((await t.prisma.role.findMany()).map((r) => r.description).sort()).toEqual([...ROLES].sort());

    await t.prisma.claim.update({ where: { description: 'users:write' }, data: { active: false } });
    expect(await seed.run()).toEqual([{ seeder: 'roles-and-claims', created: 0 }]);
    expect(await t.prisma.claim.count()).toBe(ALL_CLAIMS.length);
    expect((await t.prisma.claim.findUniqueOrThrow({ where: { description: 'users:write' } })).active).toBe(false);
  });
});
