import { Claim } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

interface ListedUser {
  name: string;
  email: string;
  role: { description: string };
  directClaims: Array<{ id: number; description: string }>;
}

describe("the original challenge's query (docs/users.md)", () => {
  let t: TestApp;
  let reader: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    const claims = await t.prisma.claim.findMany({ take: 3, orderBy: { id: 'asc' } });
    for (let i = 0; i < 3; i += 1) {
      const user = await createUserWithClaims(t, []);
      await t.prisma.userClaim.createMany({ data: claims.slice(0, i + 1).map((claim) => ({ userId: user.id, claimId: claim.id })) });
    }
    await createUserWithClaims(t, []);
    // Its claim comes from its role: the original query does not list it.
    reader = await createUserWithClaims(t, [Claim.UsersRead]);
  });

  afterAll(() => t.close());

  it('runs as written, and GET /api/v1/users answers the same name, e-mail, role and direct claims row for row', async () => {
    const sql = await t.prisma.$queryRaw<Array<{ name: string; email: string; role: string; claim: string }>>`
      SELECT u.name, u.email, r.description AS role, c.description AS claim
      FROM users u
      JOIN roles r ON r.id = u.role_id
      JOIN user_claims uc ON uc.user_id = u.id
      JOIN claims c ON c.id = uc.claim_id
      ORDER BY u.id, c.id`;
    expect(sql).toHaveLength(6);
    expect(Object.keys(sql[0]).sort()).toEqual(['claim', 'email', 'name', 'role']);

    const res = await t.http.get('/api/v1/users').query({ pageSize: 100 }).set(reader.auth);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(res.body.total);
    const route = (res.body.items as ListedUser[]).flatMap((user) =>
      [...user.directClaims]
        .sort((a, b) => a.id - b.id)
        .map((claim) => ({ name: user.name, email: user.email, role: user.role.description, claim: claim.description })),
    );
    expect(route).toEqual(sql);
  });
});
