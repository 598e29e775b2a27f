import { existsSync } from 'node:fs';
import path from 'node:path';
import { Claim } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { cliCommands } from '../support/cli-commands';
import { ROOT } from '../support/node-process';
import { runCli, stopAll } from '../support/processes';

afterEach(stopAll);

const commands = cliCommands();
const withOption = (flag: string) => commands.filter((command) => command.options.some((option) => option.flag === flag)).map((command) => command.name);

// What each command's data looks like on standard output. A command that gains --out or --json
// and is missing here fails the test.
const OUT: Record<string, { args: string[]; check: (stdout: string) => void }> = {
  'db:backup': { args: [], check: (stdout) => expect(stdout.startsWith('PGDMP')).toBe(true) },
  'openapi:export': { args: [], check: (stdout) => expect(JSON.parse(stdout).openapi).toBe('3.0.0') },
  'users:export': { args: ['--format', 'csv'], check: (stdout) => expect(stdout.split('\n')[0]).toBe('id,name,email,role,active,claims,created_at,updated_at') },
  'customers:export-score-data': {
    args: [],
    check: (stdout) => {
      const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(Object.keys(line)).toEqual(expect.arrayContaining(['pseudonymousId', 'age', 'region']));
    },
  },
};

describe('CLI output', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUserWithClaims(t, [Claim.UsersRead, Claim.CardsManage, Claim.CashbackRead, Claim.CashbackReadAll]);
    // Reference data and the demo customers: records for every export.
    await t.app.get(SeedService).run();
  });

  afterAll(() => t.close());

  const cli = (...args: string[]) => runCli(t.database.url, args);

  describe('--out - writes the data to standard output, messages to standard error', () => {
    it('the table covers every command that takes --out', () => {
      expect(Object.keys(OUT).sort()).toEqual(withOption('--out').sort());
    });

    it.each(Object.keys(OUT))('%s', async (name) => {
      const run = await cli(name, ...OUT[name].args, '--out', '-');
      expect(run.code).toBe(0);
      OUT[name].check(run.stdout);
      expect(run.stderr).toMatch(/ standard output[ .]/);
      expect(existsSync(path.join(ROOT, '-'))).toBe(false);
    });
  });

  describe('--json prints the records as JSON on standard output', () => {
    it('on every command that prints records', () => {
      expect(withOption('--json').sort()).toEqual(['accounts:create', 'cashback:report', 'db:migrate', 'db:seed', 'db:status', 'telemetry:dead-letters', 'users:create', 'users:create-admin']);
    });

    const json = async (...args: string[]) => {
      const run = await cli(...args, '--json');
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      return JSON.parse(run.stdout);
    };

    it('db:status, db:migrate and db:seed', async () => {
      const status = await json('db:status');
      expect(status).toMatchObject({ upToDate: true, pending: [], failed: [], unknown: [], edited: [] });
      expect(status.applied.length).toBeGreaterThan(5);
      expect(await json('db:migrate')).toEqual({ applied: [] });
      const seed = await json('db:seed');
      expect(seed.seeders.map((report: { seeder: string }) => report.seeder)).toContain('roles-and-claims');
      expect(seed.created).toBe(seed.seeders.reduce((sum: number, report: { created: number }) => sum + report.created, 0));
    });

    it('users:create-admin and users:create: the user as GET /users/{id} answers it, with the generated password', async () => {
      for (const args of [['users:create-admin', '--email', 'json-admin@example.com', '--name', 'Json Admin'], ['users:create', '--email', 'json-erp@example.com', '--name', 'Json ERP', '--role', 'erp']]) {
        const { generatedPassword, ...user } = await json(...args);
        expect((await t.http.get(`/api/v1/users/${user.id}`).set(admin.auth)).body).toEqual(user);
        expect((await t.http.post('/api/v1/auth/login').send({ email: user.email, password: generatedPassword })).status).toBe(200);
      }
    });

    it('accounts:create: the account as GET /accounts/{id} answers it', async () => {
      const account = await json('accounts:create', '--id', 'json-1', '--food', '10.5');
      expect(account).toMatchObject({ id: 'json-1', balances: { FOOD: '10.50', MEAL: '0.00', CASH: '0.00' } });
      expect((await t.http.get('/api/v1/accounts/json-1').set(admin.auth)).body).toEqual(account);
    });

    it('cashback:report: the reconciliation as GET /cashback/reconciliation answers it', async () => {
      const report = await json('cashback:report', '--from', '2026-01-01', '--to', '2027-01-01');
      expect(report).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
      expect((await t.http.get('/api/v1/cashback/reconciliation?from=2026-01-01&to=2027-01-01').set(admin.auth)).body).toEqual(report);
    });

    it('telemetry:dead-letters: the list', async () => {
      expect(await json('telemetry:dead-letters', '--kind', 'gps')).toEqual([]);
    });
  });
});
