import { Claim } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

describe('roles and claims (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    admin = await createUserWithClaims(t, [Claim.RolesRead, Claim.RolesWrite, Claim.ClaimsRead, Claim.ClaimsWrite, Claim.UsersRead, Claim.UsersWrite]);
  });

  afterAll(() => t.close());

  const claimId = async (description: string) => Number((await t.prisma.claim.findUniqueOrThrow({ where: { description } })).id);

  it('lists the seeded roles with their claims', async () => {
    const res = await t.http.get('/api/v1/roles').set(admin.auth);
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.map((role: { description: string }) => [role.description, role]));
    expect(byName['card-network']).toMatchObject({ claims: ['cards:authorize'], userCount: 0 });
    expect(byName.device.claims).toEqual(['telemetry:write']);
    expect(byName.admin.claims).toHaveLength(Object.keys(Claim).length);
  });

  it('creates, renames and deletes a role; refuses duplicates and unknown claims', async () => {
    const created = await t.http.post('/api/v1/roles').set(admin.auth).send({ description: 'auditor', claimIds: [await claimId('claims:read')] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ description: 'auditor', claims: ['claims:read'], userCount: 0 });
    expect((await t.http.post('/api/v1/roles').set(admin.auth).send({ description: 'auditor' })).status).toBe(409);
    const unknown = await t.http.post('/api/v1/roles').set(admin.auth).send({ description: 'ghost', claimIds: [987654] });
    expect(unknown.body).toMatchObject({ status: 400, invalidParams: [{ name: 'claimIds' }] });
    const renamed = await t.http.patch(`/api/v1/roles/${created.body.id}`).set(admin.auth).send({ description: 'senior-auditor' });
    expect(renamed.body.description).toBe('senior-auditor');
    expect((await t.http.get(`/api/v1/roles/${created.body.id}`).set(admin.auth)).body.description).toBe('senior-auditor');
    expect((await t.http.delete(`/api/v1/roles/${created.body.id}`).set(admin.auth)).status).toBe(204);
    expect((await t.http.get(`/api/v1/roles/${created.body.id}`).set(admin.auth)).body.code).toBe('ROLE_NOT_FOUND');
  });

  it('refuses to delete a role in use, and protects the admin role', async () => {
    const inUse = await t.http.delete(`/api/v1/roles/${admin.roleId}`).set(admin.auth);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ code: 'ROLE_IN_USE', users: 1 });
    const adminRole = await t.prisma.role.findUniqueOrThrow({ where: { description: 'admin' } });
    expect((await t.http.delete(`/api/v1/roles/${adminRole.id}`).set(admin.auth)).body.code).toBe('PROTECTED');
    expect((await t.http.patch(`/api/v1/roles/${adminRole.id}`).set(admin.auth).send({ description: 'root' })).body.code).toBe('PROTECTED');
    expect((await t.http.delete(`/api/v1/roles/${adminRole.id}/claims/${await claimId('users:read')}`).set(admin.auth)).body.code).toBe('PROTECTED');
  });

  it('role claims reach every user of the role', async () => {
    const member = await createUserWithClaims(t, []);
    expect((await t.http.get('/api/v1/claims').set(member.auth)).status).toBe(403);
    expect((await t.http.put(`/api/v1/roles/${member.roleId}/claims/${await claimId('claims:read')}`).set(admin.auth)).status).toBe(204);
    expect((await t.http.get('/api/v1/claims').set(member.auth)).status).toBe(200);
    expect((await t.http.delete(`/api/v1/roles/${member.roleId}/claims/${await claimId('claims:read')}`).set(admin.auth)).status).toBe(204);
    expect((await t.http.get('/api/v1/claims').set(member.auth)).status).toBe(403);
  });

  it('creates and updates claims; built-in claims keep their names', async () => {
    const created = await t.http.post('/api/v1/claims').set(admin.auth).send({ description: 'reports:read' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ description: 'reports:read', active: true, builtIn: false });
    expect((await t.http.post('/api/v1/claims').set(admin.auth).send({ description: 'reports:read' })).status).toBe(409);
    expect((await t.http.post('/api/v1/claims').set(admin.auth).send({ description: 'Reports Read' })).body.invalidParams[0].name).toBe('description');
    const renamed = await t.http.patch(`/api/v1/claims/${created.body.id}`).set(admin.auth).send({ description: 'reports:export', active: false });
    expect(renamed.body).toMatchObject({ description: 'reports:export', active: false });
    const builtIn = await claimId('users:read');
    expect((await t.http.patch(`/api/v1/claims/${builtIn}`).set(admin.auth).send({ description: 'people:read' })).body.code).toBe('PROTECTED');
    expect((await t.http.get(`/api/v1/claims/${builtIn}`).set(admin.auth)).body).toMatchObject({ description: 'users:read', builtIn: true });
    expect((await t.http.get('/api/v1/claims/999999').set(admin.auth)).body.code).toBe('CLAIM_NOT_FOUND');
  });

  it('audits role and claim changes', async () => {
    const res = await t.http.get('/api/v1/audit-events').query({ entityType: 'role', limit: 2 }).set((await createUserWithClaims(t, [Claim.AuditRead])).auth);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const next = await t.http.get('/api/v1/audit-events').query({ entityType: 'role', limit: 2, cursor: res.body.nextCursor }).set(admin.auth);
    expect(next.status).toBe(403);
  });
});
