import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export const PRISMA_DIR = path.resolve(__dirname, '..', '..', '..', 'prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
export const SCHEMA_FILE = path.join(PRISMA_DIR, 'schema.prisma');

/** The advisory lock `prisma migrate deploy` takes, so this runner and Prisma's never overlap. */
const PRISMA_MIGRATE_LOCK = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Recorded in the database but missing from prisma/migrations (the code is older than the database). */
  unknown: string[];
  /** Recorded as started but never finished (left by a failed `prisma migrate deploy`). */
  failed: string[];
  /** Applied, but the file changed since. */
  edited: string[];
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** prisma/migrations/<name>/migration.sql, in name order, with Prisma's checksum (sha256 hex). */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies prisma/migrations to PostgreSQL and records them in `_prisma_migrations` exactly as
 * `prisma migrate deploy` does (same table, checksum and lock), so either tool can take over from
 * the other. Each migration runs in one transaction with the whole file sent as one script: a
 * failure leaves nothing behind. See docs/database.md.
 */
export class MigrationRunner {
  constructor(
    private readonly url: string,
    private readonly connectTimeoutMs = 5000,
    private readonly dir = MIGRATIONS_DIR,
  ) {}

  async status(): Promise<MigrationStatus> {
    return this.withClient(async (client) => this.compare(await this.appliedRows(client)));
  }

  /** Applies what is pending and returns the names applied, in order. */
  async apply(): Promise<string[]> {
    return this.withClient(async (client) => {
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
      try {
        await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
          "id" VARCHAR(36) PRIMARY KEY NOT NULL,
          "checksum" VARCHAR(64) NOT NULL,
          "finished_at" TIMESTAMPTZ,
          "migration_name" VARCHAR(255) NOT NULL,
          "logs" TEXT,
          "rolled_back_at" TIMESTAMPTZ,
          "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
          "applied_steps_count" INTEGER NOT NULL DEFAULT 0
        )`);
        const status = this.compare(await this.appliedRows(client));
        if (status.failed.length) {
          throw new MigrationError(
            `migration ${status.failed.join(', ')} failed earlier and is marked as started; fix the database and resolve it (see docs/database.md)`,
          );
        }
        const files = new Map(readMigrations(this.dir).map((file) => [file.name, file]));
        for (const name of status.pending) {
          const file = files.get(name)!;
          try {
            await client.query('BEGIN');
            const id = randomUUID();
            await client.query(
              'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
              [id, file.checksum, name],
            );
            await client.query(file.sql);
            await client.query(
              'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
              [id],
            );
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw new MigrationError(`migration ${name} failed and was rolled back: ${(error as Error).message}`);
          }
        }
        return status.pending;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => undefined);
      }
    });
  }

  private compare(rows: AppliedRow[]): MigrationStatus {
    const files = readMigrations(this.dir);
    const live = rows.filter((row) => row.rolled_back_at === null);
    const finished = new Map(live.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]));
    const names = new Set(files.map((file) => file.name));
    return {
      applied: files.filter((file) => finished.has(file.name)).map((file) => file.name),
      pending: files.filter((file) => !live.some((row) => row.migration_name === file.name)).map((file) => file.name),
      unknown: [...finished.keys()].filter((name) => !names.has(name)),
      failed: live.filter((row) => row.finished_at === null).map((row) => row.migration_name),
      edited: files.filter((file) => finished.has(file.name) && finished.get(file.name)!.checksum !== file.checksum).map((file) => file.name),
    };
  }

  private async appliedRows(client: Client): Promise<AppliedRow[]> {
    const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
    if (!exists.rows[0].present) return [];
    const result = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    return result.rows;
  }

  private async withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: this.connectTimeoutMs });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}
