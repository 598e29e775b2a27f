import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliCommands } from '../support/cli-commands';
import { createTestDatabase, TestDatabase } from '../support/database';
import { CliRun, runCli, stopAll } from '../support/processes';

afterEach(stopAll);

// Every command of the CLI's registry, failing every way it can be made to: an unknown option, an
// argument too many or missing, a bad value, a path that cannot be opened, a database that cannot
// be reached. Each prints exactly one `error: ...` line on standard error, no stack trace, and
// exits non-zero.
const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-failures-'));
const emptyFile = path.join(dir, 'empty');
writeFileSync(emptyFile, '');
/** Under a regular file: no user, root included, can open it. */
const BAD_PATH = path.join(emptyFile, 'x');
const out = (name: string) => path.join(mkdtempSync(path.join(dir, 'out-')), name);
const badMerchants = path.join(dir, 'merchants.csv');
writeFileSync(badMerchants, 'MERCADO,GIFT\n');

type Case = [args: string[], error: RegExp];

/**
 * Per command: invocations with a bad value and what the error line must say; and a valid
 * invocation, which gets as far as the database (null for a command that needs none). A command
 * missing here fails the test: a new one states its own.
 */
const COMMANDS: Record<string, { bad: Case[]; database: string[] | null }> = {
  'db:migrate': { bad: [], database: [] },
  'db:status': { bad: [], database: [] },
  'db:backup': { bad: [[[], /--out <file> is required/]], database: ['--out', out('backup.dump')] },
  'db:restore': { bad: [[[], /--in <file> is required/]], database: ['--in', out('backup.dump')] },
  'db:migrate:dev': { bad: [[[], /--name/]], database: ['--name', 'unused'] },
  'db:seed': { bad: [], database: [] },
  'openapi:export': { bad: [], database: null },
  'config:docs': { bad: [], database: null },
  'users:create-admin': {
    bad: [
      [['--email', '', '--name', 'Ops'], /^error: --email must be an e-mail address$/],
      [['--email', 'bad-email', '--name', 'Ops'], /^error: --email must be an e-mail address$/],
      [['--email', 'ops@example.com', '--name', ''], /^error: --name /],
      [['--email', 'ops@example.com'], /--name/],
    ],
    database: ['--email', 'ops@example.com', '--name', 'Ops'],
  },
  'users:create': {
    bad: [
      [['--email', 'bad-email', '--name', 'ERP', '--role', 'erp'], /^error: --email must be an e-mail address$/],
      [['--email', 'erp@example.com', '--name', 'ERP', '--role', 'no-such-role'], /^error: --role must be one of admin, /],
    ],
    database: ['--email', 'erp@example.com', '--name', 'ERP', '--role', 'erp'],
  },
  'tokens:issue': {
    bad: [
      [['--user', 'nobody@example.com'], /No user has the e-mail nobody@example.com/],
      [['--user', 'nobody@example.com', '--ttl', 'forever'], /--ttl must look like/],
    ],
    database: ['--user', 'nobody@example.com'],
  },
  'users:revoke-sessions': { bad: [[['nobody@example.com'], /No user has the e-mail/]], database: ['nobody@example.com'] },
  'users:export': { bad: [[['--out', out('users.pdf'), '--format', 'pdf'], /--format must be csv or xlsx/]], database: ['--out', out('users.xlsx')] },
  'keys:rotate': { bad: [[['--batch-size', '0'], /--batch-size must be/]], database: [] },
  'customers:export-score-data': { bad: [[[], /^error: required option '--out <file>' not specified$/]], database: ['--out', out('scores.ndjson')] },
  'customers:purge-events': { bad: [], database: [] },
  'merchants:import': { bad: [[[badMerchants], /line 1: "GIFT" is neither/]], database: [emptyFile] },
  'accounts:create': {
    bad: [
      [['--food', 'lots'], /^error: --food must be an amount/],
      [['--customer', 'not-a-uuid'], /^error: --customer must be a UUID$/],
      [['--id', 'no spaces allowed'], /^error: --id must be 1 to 64 letters/],
    ],
    database: ['--id', 'unreachable-1'],
  },
  'cashback:resend': { bad: [[['--status', 'DELIVERED'], /--status must be FAILED or PENDING/]], database: [] },
  'cashback:report': {
    bad: [
      [['--to', 'soon'], /^error: --to must be an ISO 8601 date/],
      [['--from', '2026-12-05', '--to', '2026-12-01'], /^error: --to must be later than from$/],
      [['--from', '2026-12-01', '--to', '2026-12-01'], /^error: --to must be later than from$/],
    ],
    database: [],
  },
  'telemetry:dead-letters': {
    bad: [
      [['--kind', 'sonar'], /--kind must be one of/],
      [['--limit', '0'], /--limit must be/],
    ],
    database: [],
  },
  'telemetry:replay': {
    bad: [
      [['--kind', 'gps'], /give either --all or one or more --id/],
      [['--kind', 'gps', '--id', 'nope'], /--id must be a job id/],
    ],
    database: ['--kind', 'gps', '--all'],
  },
};

const commands = cliCommands();

/** One line on standard error, and it is the error; no stack trace anywhere; a failure status. */
function expectOneErrorLine(run: CliRun, error: RegExp = /^error: \S/): void {
  const lines = run.stderr.split('\n').filter(Boolean);
  expect({ lines, failed: run.code !== 0 && run.code !== null }).toEqual({ lines: [expect.stringMatching(/^error: \S/)], failed: true });
  expect(lines[0]).toMatch(error);
  expect(run.output).not.toMatch(/^\s+at /m);
}

describe('every CLI command fails with one error line', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(() => database.drop());

  const cli = (args: string[], url = database.url) => runCli(url, args, { DATA_DIR: dir });

  it('the table above covers exactly the commands the CLI has', () => {
    expect(commands.length).toBeGreaterThan(20);
    expect(Object.keys(COMMANDS).sort()).toEqual(commands.map((command) => command.name).sort());
  });

  describe.each(commands.map((command) => [command.name, command] as const))('%s', (name, command) => {
    const cases = COMMANDS[name] ?? { bad: [], database: null };
    const positional = command.arguments.filter((argument) => argument.startsWith('<'));

    // Commander reports a missing required option before anything else: the others are given.
    const valid = cases.database ?? [];

    it.concurrent('refuses an unknown option', async () => {
      expectOneErrorLine(await cli([name, ...valid, '--no-such-option']), /^error: unknown option '--no-such-option'/);
    });

    it.concurrent(positional.length ? 'refuses a missing argument' : 'refuses an argument it does not take', async () => {
      if (positional.length) expectOneErrorLine(await cli([name]), /^error: missing required argument/);
      else expectOneErrorLine(await cli([name, ...valid, 'stray']), /^error: too many arguments/);
    });

    for (const [args, error] of cases.bad) {
      it.concurrent(`refuses ${args.map((arg) => JSON.stringify(arg)).join(' ') || 'no options'}`, async () => {
        expectOneErrorLine(await cli([name, ...args]), error);
      });
    }

    // Every path the command takes, one at a time; the other paths work (no command takes a file
    // argument and file options both).
    const paths = [...positional.filter((argument) => argument === '<file>').map(() => undefined), ...command.options.filter((option) => option.takesFile)];
    for (const option of paths) {
      it.concurrent(`refuses ${option?.flag ?? 'a <file>'} it cannot open`, async () => {
        const others = command.options.filter((other) => other.takesFile && other !== option).flatMap((other) => [other.flag, out('other')]);
        const run = await cli([name, ...(option ? [...others, option.flag, BAD_PATH] : [BAD_PATH, ...others])]);
        expectOneErrorLine(run);
        expect(run.stderr).toContain(BAD_PATH);
      });
    }

    if (cases.database) {
      it.concurrent('reports a database it cannot reach', async () => {
        const run = await cli([name, ...cases.database!], 'postgresql://postgres@127.0.0.1:1/unreachable');
        expectOneErrorLine(run, /^error: Cannot reach the database at postgresql:\/\/postgres@127\.0\.0\.1:1\/unreachable: connect ECONNREFUSED/);
      });
    }
  });
});
