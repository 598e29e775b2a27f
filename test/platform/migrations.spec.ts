import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS_DIR, MigrationError, MigrationRunner, readMigrations, SCHEMA_FILE } from '../../src/platform/database/migrations';
import { latestSnapshot } from '../../src/platform/database/schema-diff';
import { createEmptyDatabase, TestDatabase } from '../support/database';
import { callCompiled } from '../support/node-process';

const diffSchemas = (from: string | undefined, to: string, url: string) => callCompiled<string>('platform/database/schema-diff.js', 'diffSchemas', from, to, url);
const createMigration = (name: string, url: string, options: { dir?: string; schemaFile?: string; now?: string } = {}) =>
  callCompiled<{ name: string; sql: string } | null>('platform/database/schema-diff.js', 'createMigration', name, url, options);

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function scratchMigrations(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('MigrationRunner', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createEmptyDatabase();
  });

  afterEach(() => database.drop());

  it('applies every migration once and records it as prisma migrate deploy does', async () => {
    const runner = new MigrationRunner(database.url);
    const files = readMigrations();
    expect(await runner.status()).toMatchObject({ applied: [], pending: files.map((f) => f.name) });

    expect(await runner.apply()).toEqual(files.map((f) => f.name));
    expect(await runner.apply()).toEqual([]);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date; applied_steps_count: number }>(
      database.url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(files[i].checksum).toBe(row.checksum);
    }
    expect(await runner.status()).toEqual({ applied: files.map((f) => f.name), pending: [], unknown: [], failed: [], edited: [] });
  });

  it('rolls a failing migration back completely and reports it', async () => {
    const dir = scratchMigrations();
    mkdirSync(path.join(dir, '99990101000000_broken'));
    writeFileSync(path.join(dir, '99990101000000_broken', 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n');
    const runner = new MigrationRunner(database.url, 5000, dir);

    await expect(runner.apply()).rejects.toThrow(new MigrationError('migration 99990101000000_broken failed and was rolled back: relation "no_such_table" does not exist'));
    expect(await query(database.url, `SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }]);
    const status = await runner.status();
    expect(status.pending).toEqual(['99990101000000_broken']);
    expect(status.applied.length).toBe(readMigrations().length);
  });

  it('refuses to continue after a migration another tool left half-applied', async () => {
    const runner = new MigrationRunner(database.url);
    await runner.apply();
    await query(database.url, `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('x', 'y', '99990101000000_failed_elsewhere')`);
    expect((await runner.status()).failed).toEqual(['99990101000000_failed_elsewhere']);
    await expect(runner.apply()).rejects.toThrow(/99990101000000_failed_elsewhere failed earlier/);
  });

  it('notices edited and unknown migrations', async () => {
    const dir = scratchMigrations();
    const runner = new MigrationRunner(database.url, 5000, dir);
    await runner.apply();
    const [first] = readMigrations(dir);
    writeFileSync(path.join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`);
    await query(database.url, `INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at) VALUES ('z', 'c', '99990101000000_from_the_future', now())`);
    const status = await runner.status();
    expect(status.edited).toEqual([first.name]);
    expect(status.unknown).toEqual(['99990101000000_from_the_future']);
  });

  it('serialises concurrent runs: two processes apply each migration once', async () => {
    const [a, b] = await Promise.all([new MigrationRunner(database.url).apply(), new MigrationRunner(database.url).apply()]);
    expect([...a, ...b].sort()).toEqual(readMigrations().map((f) => f.name));
  });
});

// Runs the compiled schema-diff module in a child process (see callCompiled).
describe('authoring migrations offline', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createEmptyDatabase();
  });

  afterAll(() => database.drop());

  it('the committed migrations produce the current prisma/schema.prisma (no change left unmigrated)', async () => {
    expect(await diffSchemas(latestSnapshot(), readFileSync(SCHEMA_FILE, 'utf8'), database.url)).toBe('');
  });

  it('creates a migration from a schema change, which then applies', async () => {
    const dir = scratchMigrations();
    const schemaFile = path.join(dir, 'schema.prisma');
    writeFileSync(
      schemaFile,
      `${readFileSync(SCHEMA_FILE, 'utf8')}\nmodel Gadget {\n  id   Int    @id @default(autoincrement())\n  name String @map("gadget_name")\n\n  @@map("gadgets")\n}\n`,
    );
    const created = await createMigration('Add gadgets!', database.url, { dir, schemaFile, now: '2099-01-02T03:04:05Z' });
    expect(created?.name).toBe('20990102030405_add_gadgets');
    expect(created?.sql).toContain('CREATE TABLE "gadgets"');
    expect(created?.sql).toContain('"gadget_name" TEXT NOT NULL');
    expect(latestSnapshot(dir)).toBe(readFileSync(schemaFile, 'utf8'));

    expect(await createMigration('again', database.url, { dir, schemaFile })).toBeNull();

    const applied = await new MigrationRunner(database.url, 5000, dir).apply();
    expect(applied[applied.length - 1]).toBe('20990102030405_add_gadgets');
    expect(await query(database.url, `SELECT count(*)::int AS n FROM gadgets`)).toEqual([{ n: 0 }]);
  });

  it('refuses a name without letters or digits', async () => {
    await expect(createMigration('--', database.url)).rejects.toThrow('the migration name must contain letters or digits');
  });
});
