import { Claim } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser, tokenFor } from '../support/auth';

/** users:write and roles:write must never lift a caller (or anyone) above the caller's own claims. */
describe('privilege escalation through users:write and roles:write (e2e)', () => {
  let t: TestApp;
  let manager: TestUser;
  let roleManager: TestUser;
  let adminRoleId: number;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    manager = await createUserWithClaims(t, [Claim.UsersRead, Claim.UsersWrite]);
    roleManager = await createUserWithClaims(t, [Claim.RolesRead, Claim.RolesWrite]);
    adminRoleId = (await t.prisma.role.findUniqueOrThrow({ where: { description: 'admin' } })).id;
  });

  afterAll(() => t.close());

  const claimId = async (description: string) => (await t.prisma.claim.findUniqueOrThrow({ where: { description } })).id;

  it('refuses to grant oneself a claim one does not hold', async () => {
    const res = await t.http.put(`/api/v1/users/${manager.id}/claims/${await claimId(Claim.CustomersReadSensitive)}`).set(manager.auth);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'CLAIM_NOT_HELD', claims: [Claim.CustomersReadSensitive] });
    expect(await t.prisma.userClaim.count({ where: { userId: manager.id } })).toBe(0);
  });

  it('refuses to move oneself to the admin role', async () => {
    const res = await t.http.patch(`/api/v1/users/${manager.id}`).set(manager.auth).send({ roleId: adminRoleId });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_ASSIGNABLE');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: manager.id } })).roleId).toBe(manager.roleId);
  });

  it('refuses to create an admin, or a user of a role with claims one lacks', async () => {
    const admin = await t.http.post('/api/v1/users').set(manager.auth).send({ name: 'Evil', email: 'evil-admin@test.local', roleId: adminRoleId });
    expect(admin.status).toBe(403);
    expect(admin.body.code).toBe('ROLE_NOT_ASSIGNABLE');
    const operatorRole = await t.prisma.role.findUniqueOrThrow({ where: { description: 'operator' } });
    const operator = await t.http.post('/api/v1/users').set(manager.auth).send({ name: 'Evil', email: 'evil-operator@test.local', roleId: operatorRole.id });
    expect(operator.body.code).toBe('ROLE_NOT_ASSIGNABLE');
    expect(await t.prisma.user.count({ where: { email: { startsWith: 'evil-' } } })).toBe(0);
    // A role within the caller's own claims is fine.
    const peer = await t.http.post('/api/v1/users').set(manager.auth).send({ name: 'Peer', email: 'peer@test.local', roleId: manager.roleId });
    expect(peer.status).toBe(201);
  });

  it('refuses to change the password of a more powerful user', async () => {
    const strong = await createUserWithClaims(t, [Claim.UsersRead, Claim.UsersWrite, Claim.AuditRead]);
    const res = await t.http.patch(`/api/v1/users/${strong.id}`).set(manager.auth).send({ password: 'correct Horse 42 battery' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('USER_NOT_MANAGEABLE');
  });

  it('refuses role claims the caller does not hold, on its own role or a new one', async () => {
    const own = await t.http.put(`/api/v1/roles/${roleManager.roleId}/claims/${await claimId(Claim.UsersWrite)}`).set(roleManager.auth);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('CLAIM_NOT_HELD');
    const created = await t.http.post('/api/v1/roles').set(roleManager.auth).send({ description: 'sneaky', claimIds: [Number(await claimId(Claim.AuditRead))] });
    expect(created.body.code).toBe('CLAIM_NOT_HELD');
    expect(await t.prisma.role.count({ where: { description: 'sneaky' } })).toBe(0);
    const operatorRole = await t.prisma.role.findUniqueOrThrow({ where: { description: 'operator' } });
    const revoke = await t.http.delete(`/api/v1/roles/${operatorRole.id}/claims/${await claimId(Claim.AuditRead)}`).set(roleManager.auth);
    expect(revoke.body.code).toBe('CLAIM_NOT_HELD');
    // Within its own claims it may still work.
    const fine = await t.http.post('/api/v1/roles').set(roleManager.auth).send({ description: 'role-readers', claimIds: [Number(await claimId(Claim.RolesRead))] });
    expect(fine.status).toBe(201);
  });

  it('an admin may assign the admin role and grant any claim', async () => {
    const admin = await t.prisma.user.create({ data: { name: 'Root', email: 'root@test.local', password: 'x', roleId: adminRoleId } });
    const auth = { Authorization: `Bearer ${await tokenFor(t, admin.id)}` };
    expect((await t.http.patch(`/api/v1/users/${manager.id}`).set(auth).send({ roleId: adminRoleId })).status).toBe(200);
    expect((await t.http.put(`/api/v1/roles/${roleManager.roleId}/claims/${await claimId(Claim.UsersWrite)}`).set(auth)).status).toBe(204);
  });

  it('built-in claims cannot be deactivated; the seed gives the admin role every claim back', async () => {
    const claims = await createUserWithClaims(t, [Claim.ClaimsRead, Claim.ClaimsWrite]);
    const res = await t.http.patch(`/api/v1/claims/${await claimId(Claim.UsersRead)}`).set(claims.auth).send({ active: false });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('BUILT_IN_CLAIM');
    await t.prisma.roleClaim.deleteMany({ where: { roleId: adminRoleId, claimId: await claimId(Claim.AuditRead) } });
    await t.app.get(SeedService).run();
    expect(await t.prisma.roleClaim.count({ where: { roleId: adminRoleId } })).toBe(Object.keys(Claim).length);
  });
});
