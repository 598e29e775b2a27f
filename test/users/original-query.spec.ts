import { SeedService } from '../../src/seed/seed.service';
import { UsersRepository } from '../../src/users/users.repository';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims } from '../support/auth';

describe("the original challenge's query (docs/users.md)", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    const claims = await t.prisma.claim.findMany({ take: 3, orderBy: { id: 'asc' } });
    for (let i = 0; i < 3; i += 1) {
      const user = await createUserWithClaims(t, []);
      await t.prisma.userClaim.createMany({ data: claims.slice(0, i + 1).map((claim) => ({ userId: user.id, claimId: claim.id })) });
    }
    await createUserWithClaims(t, []);
  });

  afterAll(() => t.close());

  it('runs as written and matches its Prisma equivalent row for row', async () => {
    const sql = await t.app.get(UsersRepository).originalReport();
    expect(sql).toHaveLength(6);
    expect(Object.keys(sql[0]).sort()).toEqual(['claim', 'email', 'name', 'role']);

    const users = await t.prisma.user.findMany({
      where: { claims: { some: {} } },
      select: { name: true, email: true, role: { select: { description: true } }, claims: { select: { claim: { select: { id: true, description: true } } } } },
      orderBy: { id: 'asc' },
      relationLoadStrategy: 'join',
    });
    const prisma = users.flatMap((user) =>
      user.claims
        .sort((a, b) => Number(a.claim.id - b.claim.id))
        .map(({ claim }) => ({ name: user.name, email: user.email, role: user.role.description, claim: claim.description })),
    );
    expect(prisma).toEqual(sql);
  });
});
