import { Claim } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

/** Two names a person cannot tell apart are never two identities: role names, user names, e-mails. */
describe('look-alike identities (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    admin = await createUserWithClaims(t, Object.values(Claim));
  });

  afterAll(() => t.close());

  const invalidField = (res: { status: number; body: { invalidParams?: { name: string; reason: string }[] } }) => ({
    status: res.status,
    fields: res.body.invalidParams?.map((param) => param.name),
  });

  it('refuses role names with invisible characters, and takes full-width letters for the plain ones', async () => {
    for (const description of ['admin\u200b', 'ad\u200dmin', '\u202eadmin', 'admin\u00ad']) {
      const res = await t.http.post('/api/v1/roles').set(admin.auth).send({ description });
      expect(invalidField(res)).toEqual({ status: 400, fields: ['description'] });
    }
    const fullWidth = await t.http.post('/api/v1/roles').set(admin.auth).send({ description: 'ａｄｍｉｎ' });
    expect({ status: fullWidth.status, code: fullWidth.body.code }).toEqual({ status: 409, code: 'ALREADY_EXISTS' });
    const mixed = await t.http.post('/api/v1/roles').set(admin.auth).send({ description: '\u0430dmin' });
    expect(invalidField(mixed)).toEqual({ status: 400, fields: ['description'] });
    expect(await t.prisma.role.count({ where: { description: { startsWith: 'ad' } } })).toBe(1);
  });

  it('refuses e-mails and user names with invisible or look-alike characters', async () => {
    const role = await t.prisma.role.findUniqueOrThrow({ where: { description: 'operator' } });
    const base = { name: 'Ops', email: 'ops.lookalike@example.com', roleId: role.id };
    for (const [field, value] of [
      ['email', 'ops.lookalike\u200b@example.com'],
      ['email', 'ops.lookalike@ex\u0430mple.com'],
      ['email', 'ops.lookalike@example.com\u2060'],
      ['name', 'Op\u200bs'],
      ['name', 'Ops \u0421ontrol'],
    ] as const) {
      const res = await t.http.post('/api/v1/users').set(admin.auth).send({ ...base, [field]: value });
      expect({ value, ...invalidField(res) }).toEqual({ value, status: 400, fields: [field] });
    }
    const patched = await t.http.patch(`/api/v1/users/${admin.id}`).set(admin.auth).send({ email: 'adm\u200bin@example.com' });
    expect(invalidField(patched)).toEqual({ status: 400, fields: ['email'] });
    expect(await t.prisma.user.count({ where: { email: { contains: 'lookalike' } } })).toBe(0);
  });
});
