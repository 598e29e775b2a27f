import { Claim, SEEDED_ROLES } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

describe('users (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let operatorRoleId: number;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    // Holds every claim of the operator role, so it may create operators (one assigns only roles within one's own claims).
    admin = await createUserWithClaims(t, [...SEEDED_ROLES.operator, Claim.UsersWrite]);
    operatorRoleId = (await t.prisma.role.findUniqueOrThrow({ where: { description: 'operator' } })).id;
  });

  afterAll(() => t.close());

  const post = (body: object) => t.http.post('/api/v1/users').set(admin.auth).send(body);

  it('creates a user with a generated password, shown only in that answer', async () => {
    const res = await post({ name: '  Maria Souza ', email: 'Maria.Souza@Example.com', roleId: operatorRoleId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Maria Souza',
      email: 'maria.souza@example.com',
      active: true,
      role: { id: operatorRoleId, description: 'operator' },
      claims: expect.arrayContaining(['customers:read', 'users:read']),
      directClaims: [],
      generatedPassword: expect.stringMatching(/^.{20}$/),
    });
    expect(res.body).not.toHaveProperty('password');
    const fetched = await t.http.get(`/api/v1/users/${res.body.id}`).set(admin.auth);
    expect(fetched.body).not.toHaveProperty('generatedPassword');
    expect(JSON.stringify(fetched.body)).not.toContain(res.body.generatedPassword);
    const stored = await t.prisma.user.findUniqueOrThrow({ where: { id: BigInt(res.body.id) } });
    expect(stored.password).toMatch(/^\$argon2id\$/);
    const login = await t.http.post('/api/v1/auth/login').send({ email: 'maria.souza@example.com', password: res.body.generatedPassword });
    expect(login.status).toBe(200);
  });

  it('accepts a given password that meets the policy and refuses a weak one, naming the field', async () => {
    expect((await post({ name: 'João', email: 'joao@example.com', roleId: operatorRoleId, password: 'correct Horse 42 battery' })).status).toBe(201);
    const weak = await post({ name: 'Ana', email: 'ana@example.com', roleId: operatorRoleId, password: 'ana12345' });
    expect(weak.status).toBe(400);
    expect(weak.body.invalidParams).toEqual([
      { name: 'password', reasons: [expect.stringContaining('at least 12 characters')] },
    ]);
    expect(weak.body.invalidParams[0].reasons[0]).toContain('must not contain the e-mail name');
  });

  it('requires name, e-mail and role, and refuses unknown fields', async () => {
    const res = await post({ admin: true });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(['admin', 'email', 'name', 'roleId']);
    // An absent field is one reason, not every rule it fails.
    expect(res.body.invalidParams.find((p: { name: string }) => p.name === 'roleId').reasons).toEqual(['roleId is required']);
    const wrong = await post({ name: 'Wrong', email: 'wrong@example.com', roleId: 0 });
    expect(wrong.body.invalidParams).toEqual([{ name: 'roleId', reasons: ['roleId must not be less than 1'] }]);
  });

  it('refuses a duplicate e-mail whatever its case, and an unknown role naming roleId', async () => {
    await post({ name: 'Dup', email: 'dup@example.com', roleId: operatorRoleId });
    const dup = await post({ name: 'Dup', email: 'DUP@example.com', roleId: operatorRoleId });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('EMAIL_TAKEN');
    const unknown = await post({ name: 'X', email: 'x@example.com', roleId: 99999 });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_REFERENCE', invalidParams: [{ name: 'roleId', reasons: ['role 99999 does not exist'] }] });
  });

  it('reads one user with role and claims, and its role alone', async () => {
    const created = (await post({ name: 'Reader', email: 'reader@example.com', roleId: operatorRoleId })).body;
    const res = await t.http.get(`/api/v1/users/${created.id}`).set(admin.auth);
    expect(res.status).toBe(200);
    const { generatedPassword: _shownOnce, ...rest } = created;
    expect(res.body).toEqual(rest);
    const role = await t.http.get(`/api/v1/users/${created.id}/role`).set(admin.auth);
    expect(role.body).toEqual({ id: operatorRoleId, description: 'operator' });
  });

  it('answers 404 for an unknown user and 400 for an invalid id', async () => {
    expect((await t.http.get('/api/v1/users/999999').set(admin.auth)).body).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    expect((await t.http.get('/api/v1/users/999999/role').set(admin.auth)).status).toBe(404);
    const invalid = await t.http.get('/api/v1/users/abc').set(admin.auth);
    expect(invalid.status).toBe(400);
    expect(invalid.body.invalidParams).toEqual([{ name: 'id', reasons: ['id must be a positive integer'] }]);
  });

  it('lists users a page at a time, filtered by role and e-mail', async () => {
    for (let i = 0; i < 3; i += 1) await post({ name: `Page ${i}`, email: `page${i}@paging.test`, roleId: operatorRoleId });
    const page = await t.http.get('/api/v1/users').query({ email: 'PAGING.test', pageSize: 2, page: 2 }).set(admin.auth);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(page.body.items.map((u: { email: string }) => u.email)).toEqual(['page2@paging.test']);
    const byRole = await t.http.get('/api/v1/users').query({ roleId: admin.roleId }).set(admin.auth);
    expect(byRole.body.items.map((u: { id: number }) => u.id)).toEqual([Number(admin.id)]);
    expect((await t.http.get('/api/v1/users').query({ pageSize: 1000 }).set(admin.auth)).body.invalidParams[0].name).toBe('pageSize');
  });

  it('updates a user; a new password ends existing sessions', async () => {
    const created = (await post({ name: 'Patchy', email: 'patchy@example.com', roleId: operatorRoleId })).body;
    const session = (await t.http.post('/api/v1/auth/login').send({ email: 'patchy@example.com', password: created.generatedPassword })).body;
    const res = await t.http.patch(`/api/v1/users/${created.id}`).set(admin.auth).send({ name: 'Patched', password: 'brand New pass 77' });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Patched');
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/login').send({ email: 'patchy@example.com', password: 'brand New pass 77' })).status).toBe(200);
    expect((await t.http.patch(`/api/v1/users/${created.id}`).set(admin.auth).send({ email: 'dup@example.com' })).status).toBe(409);
    expect((await t.http.patch('/api/v1/users/999999').set(admin.auth).send({ name: 'x' })).status).toBe(404);
  });

  it('deletes a user but never the caller', async () => {
    const created = (await post({ name: 'Gone', email: 'gone@example.com', roleId: operatorRoleId })).body;
    expect((await t.http.delete(`/api/v1/users/${created.id}`).set(admin.auth)).status).toBe(204);
    expect((await t.http.get(`/api/v1/users/${created.id}`).set(admin.auth)).status).toBe(404);
    expect((await t.http.delete(`/api/v1/users/${created.id}`).set(admin.auth)).status).toBe(404);
    const self = await t.http.delete(`/api/v1/users/${admin.id}`).set(admin.auth);
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('CANNOT_DELETE_SELF');
  });

  it('grants and revokes direct claims, which take effect on the next request', async () => {
    const user = await createUserWithClaims(t, [Claim.UsersRead]);
    expect((await t.http.get('/api/v1/audit-events').set(user.auth)).status).toBe(403);
    const audit = await t.prisma.claim.findUniqueOrThrow({ where: { description: 'audit:read' } });
    expect((await t.http.put(`/api/v1/users/${user.id}/claims/${audit.id}`).set(admin.auth)).status).toBe(204);
    expect((await t.http.put(`/api/v1/users/${user.id}/claims/${audit.id}`).set(admin.auth)).status).toBe(204);
    expect((await t.http.get('/api/v1/audit-events').set(user.auth)).status).toBe(200);
    const fetched = (await t.http.get(`/api/v1/users/${user.id}`).set(admin.auth)).body;
    expect(fetched.directClaims).toEqual([{ id: Number(audit.id), description: 'audit:read', active: true }]);
    expect((await t.http.delete(`/api/v1/users/${user.id}/claims/${audit.id}`).set(admin.auth)).status).toBe(204);
    expect((await t.http.delete(`/api/v1/users/${user.id}/claims/${audit.id}`).set(admin.auth)).body.code).toBe('CLAIM_NOT_GRANTED');
    expect((await t.http.get('/api/v1/audit-events').set(user.auth)).status).toBe(403);
    expect((await t.http.put(`/api/v1/users/${user.id}/claims/999999`).set(admin.auth)).body.code).toBe('CLAIM_NOT_FOUND');
  });

  it('a deactivated claim grants nothing', async () => {
    const user = await createUserWithClaims(t, [Claim.AuditRead]);
    expect((await t.http.get('/api/v1/audit-events').set(user.auth)).status).toBe(200);
    await t.prisma.claim.update({ where: { description: 'audit:read' }, data: { active: false } });
    try {
      const res = await t.http.get('/api/v1/audit-events').set(user.auth);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'MISSING_CLAIMS', missingClaims: ['audit:read'] });
    } finally {
      await t.prisma.claim.update({ where: { description: 'audit:read' }, data: { active: true } });
    }
  });

  it('records every write in the audit trail, without secrets', async () => {
    const created = await post({ name: 'Audited', email: 'audited@example.com', roleId: operatorRoleId, password: 'correct Horse 42 battery' }).set('X-Request-Id', 'audit-req-1');
    await t.http.patch(`/api/v1/users/${created.body.id}`).set(admin.auth).send({ password: 'another Horse 43 battery', name: 'Audited Twice' });
    const res = await t.http.get('/api/v1/audit-events').query({ entityType: 'user', entityId: String(created.body.id) }).set(admin.auth);
    expect(res.status).toBe(200);
    const [update, create] = res.body.items;
    expect(create).toMatchObject({ action: 'user.create', actor: admin.email, actorUserId: Number(admin.id), requestId: 'audit-req-1', entityType: 'user' });
    expect(create.changes).toMatchObject({ email: { to: 'audited@example.com' }, password: { to: '[redacted]' } });
    expect(update).toMatchObject({ action: 'user.update', changes: { name: { from: 'Audited', to: 'Audited Twice' }, password: { from: '[redacted]', to: '[redacted]' } } });
    const raw = JSON.stringify(await t.prisma.auditEvent.findMany(), (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
    expect(raw).not.toContain('Horse');
    expect(raw).not.toContain('argon2');
  });
});
