import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Claim } from '../../src/platform/auth/claims';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { runCli, stopAll } from '../support/processes';

afterEach(stopAll);

// The compiled CLI against the same database as a test app, as an operator would run it.
describe('users CLI commands', () => {
  let t: TestApp;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'users-cli-'));

  let root: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    root = await createUserWithClaims(t, [Claim.UsersWrite]);
  });

  afterAll(() => t.close());

  const cli = (...args: string[]) => runCli(t.database.url, args, { DATA_DIR: dir, NODE_ENV: 'production', CASHBACK_API_URL: 'http://127.0.0.1:9/unused' });

  it('users:create-admin seeds the roles, creates the admin and prints its password once', async () => {
    const { code, output } = await cli('users:create-admin', '--email', 'Root@Example.com', '--name', 'Root Admin');
    expect(code).toBe(0);
    const [, password] = output.match(/^Password \(shown once, store it now\): (\S+)$/m)!;
    expect(output).toMatch(/^Created administrator root@example.com \(id \d+\)\.$/m);
    const login = await t.http.post('/api/v1/auth/login').send({ email: 'root@example.com', password });
    expect(login.status).toBe(200);
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.body.role.description).toBe('admin');
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'user.create', entityId: String(me.body.id) } });
    expect(audit.actor).toMatch(/^cli:/);

    const again = await cli('users:create-admin', '--email', 'root@example.com', '--name', 'Again');
    expect(again).toEqual({ code: 1, output: 'error: Another user already has the e-mail root@example.com.\n' });
  });

  it('users:create-admin refuses what POST /users refuses, naming the option', async () => {
    const refused = async (email: string, name: string) => {
      const api = await t.http.post('/api/v1/users').set(root.auth).send({ email, name, roleId: 1 });
      expect(api.status).toBe(400);
      const run = await cli('users:create-admin', '--email', email, '--name', name);
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: '' });
      return { api: api.body.invalidParams, cli: run.stderr };
    };
    expect(await refused('', 'Ops')).toEqual({ api: [{ name: 'email', reasons: ['email must be an e-mail address'] }], cli: 'error: --email must be an e-mail address\n' });
    expect(await refused('bad-email', 'Ops')).toEqual({ api: [{ name: 'email', reasons: ['email must be an e-mail address'] }], cli: 'error: --email must be an e-mail address\n' });
    expect(await refused('ops@example.com', '  ')).toEqual({ api: [{ name: 'name', reasons: ['name must be longer than or equal to 1 characters'] }], cli: 'error: --name must be longer than or equal to 1 characters\n' });
    // A Cyrillic "о" in a Latin address: refused as the API refuses look-alike identities.
    expect((await refused('ops@ex\u043emple.com', 'Ops')).cli).toBe('error: --email must use ASCII letters, digits and symbols only (look-alike letters are refused)\n');
    expect(await t.prisma.user.count({ where: { email: { contains: 'ops@' } } })).toBe(0);
  });

  it('users:create creates a user of a role, for a machine client', async () => {
    const run = await cli('users:create', '--email', 'ERP@Retailer.test', '--name', 'Retailer ERP', '--role', 'erp');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created user erp@retailer.test \(id \d+, role erp\)\.\nPassword \(shown once, store it now\): \S+\n$/);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'erp@retailer.test' }, include: { role: true } });
    expect(user.role.description).toBe('erp');
    const unknown = await cli('users:create', '--email', 'other@retailer.test', '--name', 'Other', '--role', 'cashier');
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/^error: --role must be one of [\w, -]*\badmin, operator, erp, card-network, device\n$/);
  });

  it('tokens:issue mints a long-lived token that stops working when the user is disabled', async () => {
    const device = await createUserWithClaims(t, [Claim.TelemetryWrite], { email: 'device-7@fleet.test' });
    const { code, stdout, stderr } = await cli('tokens:issue', '--user', 'device-7@fleet.test', '--ttl', '90d');
    expect(code).toBe(0);
    // Standard output is the token alone, as TOKEN=$(npm run --silent cli -- tokens:issue ...) captures it.
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(stderr).toMatch(/^Access token for device-7@fleet.test \(role test-role-\w+\), valid until \S+Z:\n$/);
    const token = stdout.trim();
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(90 * 86_400);
    expect((await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).body.email).toBe('device-7@fleet.test');
    await t.prisma.user.update({ where: { id: device.id }, data: { active: false } });
    expect((await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect(await cli('tokens:issue', '--user', 'device-7@fleet.test')).toEqual({ code: 1, output: 'error: user device-7@fleet.test is disabled\n' });
    // Only the token actually issued is in the audit trail, with its expiry (to the millisecond; the token's is in seconds).
    const issued = await t.prisma.auditEvent.findMany({ where: { action: 'token.issue', entityId: String(device.id) } });
    expect(issued).toHaveLength(1);
    expect(Math.abs(Date.parse((issued[0].changes as { expiresAt: { to: string } }).expiresAt.to) - claims.exp * 1000)).toBeLessThan(1000);

    expect(await cli('tokens:issue', '--user', 'nobody@fleet.test')).toEqual({ code: 1, output: 'error: No user has the e-mail nobody@fleet.test.\n' });
    expect(await cli('tokens:issue', '--user', 'device-7@fleet.test', '--ttl', 'forever')).toEqual({ code: 1, output: 'error: --ttl must look like 90d, 12h, 30m or 45s, not "forever"\n' });
  });

  it('users:revoke-sessions ends every session of a user', async () => {
    const device = await createUserWithClaims(t, [Claim.TelemetryWrite], { email: 'device-8@fleet.test' });
    const login = (await t.http.post('/api/v1/auth/login').send({ email: device.email, password: device.password })).body;
    expect((await t.http.get('/api/v1/auth/me').set(device.auth)).status).toBe(200);
    // Tokens carry whole seconds: these were issued in an earlier one than the revocation.
    await new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));
    expect(await cli('users:revoke-sessions', 'Device-8@fleet.test')).toEqual({
      code: 0,
      output: `Ended every session of device-8@fleet.test (id ${device.id}); running API processes refuse its tokens within AUTH_CACHE_TTL_MS.\n`,
    });
    expect((await t.http.get('/api/v1/auth/me').set(device.auth)).status).toBe(401);
    expect((await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${login.accessToken}`)).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: login.refreshToken })).status).toBe(401);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'user.sessions.revoke', entityId: String(device.id) } });
    expect(audit.actor).toMatch(/^cli:/);

    expect(await cli('users:revoke-sessions', 'nobody@fleet.test')).toEqual({ code: 1, output: 'error: No user has the e-mail nobody@fleet.test.\n' });
  });

  it('users:export writes every user to CSV and XLSX without passwords', async () => {
    const users = await t.prisma.user.findMany({ include: { role: true }, orderBy: { id: 'asc' } });
    const csvFile = path.join(dir, 'users.csv');
    expect(await cli('users:export', '--format', 'csv', '--out', csvFile)).toEqual({ code: 0, output: `Exported ${users.length} user(s) to ${csvFile}.\n` });
    const lines = readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,name,email,role,active,claims,created_at,updated_at');
    expect(lines).toHaveLength(users.length + 1);
    expect(lines[1].startsWith(`${users[0].id},${users[0].name},${users[0].email},${users[0].role.description},`)).toBe(true);
    expect(readFileSync(csvFile, 'utf8')).not.toContain('argon2');

    const xlsxFile = path.join(dir, 'users.xlsx');
    expect((await cli('users:export', '--format', 'xlsx', '--out', xlsxFile)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxFile);
    const sheet = workbook.getWorksheet('users')!;
    expect(sheet.rowCount).toBe(users.length + 1);
    expect(sheet.getRow(1).values).toEqual([undefined, 'id', 'name', 'email', 'role', 'active', 'claims', 'created_at', 'updated_at']);
    expect(sheet.getRow(2).getCell(3).value).toBe(users[0].email);

    expect((await cli('users:export', '--format', 'pdf', '--out', xlsxFile)).output).toBe('error: --format must be csv or xlsx\n');

    const piped = await cli('users:export', '--format', 'csv', '--out', '-');
    expect({ code: piped.code, stdout: piped.stdout, stderr: piped.stderr }).toEqual({ code: 0, stdout: readFileSync(csvFile, 'utf8'), stderr: `Exported ${users.length} user(s) to standard output.\n` });
    const failed = await cli('users:export', '--format', 'csv', '--out', path.join(dir, 'no-such-dir', 'users.csv'));
    expect(failed).toEqual({ code: 1, output: `error: ${path.join(dir, 'no-such-dir', 'users.csv')}: no such file or directory\n` });
  });
});
