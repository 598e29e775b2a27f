import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpfFromBase } from '../../src/customers/cpf';
import { CustomersService } from '../../src/customers/customers.service';
import { createTestApp, TestApp } from '../support/app';
import { sharedEnv, startNode, stopAll } from '../support/processes';

afterEach(stopAll);

describe('customers CLI commands', () => {
  let t: TestApp;
  const env = (extra: Record<string, string> = {}) => sharedEnv(t.database.url, extra);

  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 3; i += 1) {
      await t.app.get(CustomersService).create({
        cpf: cpfFromBase(String(300_000_000 + i * 7).slice(0, 9)),
        name: `C${i}`,
        address: { street: 'R', number: '1', city: 'C', state: 'SP', postalCode: '01310100' },
        debts: [],
        birthDate: null,
        assets: [],
        incomeSources: [],
      });
    }
  });

  afterAll(() => t.close());

  it('keys:rotate moves every row to the active key and reports progress', async () => {
    const next = `next:${randomBytes(32).toString('base64')}`;
    const run = startNode(['dist/cli.js', 'keys:rotate', '--batch-size', '2'], env({ FIELD_ENCRYPTION_KEYS: `${process.env.FIELD_ENCRYPTION_KEYS},${next}`, FIELD_ENCRYPTION_ACTIVE_KEY: 'next' }));
    expect((await run.exited).code).toBe(0);
    expect(run.output()).toBe(['Active key: next; 3 customer(s) to re-encrypt.', '  re-encrypted 2, 1 left', '  re-encrypted 3, 0 left', 'Done: 3 customer(s) re-encrypted, 0 left under older keys.', 'Name index: built for 0 customer(s), 0 left without one.', ''].join('\n'));
    expect(await t.prisma.customer.count({ where: { encKeyId: 'next' } })).toBe(3);

    // The API now needs the new key: without it, start-up names what is missing.
    const api = startNode(['dist/main.js'], env({ PORT: '0', HOST: '127.0.0.1' }));
    expect((await api.exited).code).toBe(1);
    expect(api.output()).toContain('error: FIELD_ENCRYPTION_KEYS lacks key id in use: next (3 customers); restore the key or the data cannot be read\n');
    expect(api.output()).not.toContain('seed:');
  });

  it('customers:export-score-data writes NDJSON to a file, or with --out - to standard output', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'scores-')), 'scores.ndjson');
    const toFile = startNode(['dist/cli.js', 'customers:export-score-data', '--out', file], env());
    expect((await toFile.exited).code).toBe(0);
    expect(toFile.output()).toBe(`Exported 3 customer(s) to ${file}.\n`);
    const toStdout = startNode(['dist/cli.js', 'customers:export-score-data', '--out', '-'], env());
    expect((await toStdout.exited).code).toBe(0);
    expect(toStdout.stdout()).toBe(readFileSync(file, 'utf8'));
    expect(toStdout.stdout().trim().split('\n').map((line) => JSON.parse(line).age)).toHaveLength(3);
    expect(toStdout.stderr()).toBe('Exported 3 customer(s) to standard output.\n');
  });

  it('customers:purge-events removes only old events of deleted customers', async () => {
    const kept = await t.prisma.customer.findFirstOrThrow();
    const gone = '00000000-0000-4000-8000-00000000dead';
    const old = new Date(Date.now() - 3 * 86_400_000);
    await t.prisma.customerEvent.createMany({
      data: [
        { customerId: kept.id, type: 'BUREAU_QUERY', occurredAt: old, recordedAt: old },
        { customerId: gone, type: 'BUREAU_QUERY', occurredAt: old, recordedAt: old },
        { customerId: gone, type: 'BUREAU_QUERY', occurredAt: new Date() },
      ],
    });
    const run = startNode(['dist/cli.js', 'customers:purge-events'], env({ CUSTOMER_EVENTS_RETENTION_DAYS: '2', FIELD_ENCRYPTION_KEYS: `${process.env.FIELD_ENCRYPTION_KEYS},next:${randomBytes(32).toString('base64')}` }));
    expect((await run.exited).code).toBe(0);
    expect(run.output()).toBe('Purged 1 event(s) of deleted customers older than 2 days.\n');
    expect(await t.prisma.customerEvent.count({ where: { customerId: gone } })).toBe(1);
    expect(await t.prisma.customerEvent.count({ where: { customerId: kept.id } })).toBe(1);
  });
});
