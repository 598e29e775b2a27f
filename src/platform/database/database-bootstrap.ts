import { Client } from 'pg';
import { Env } from '../config/env.schema';
import { redactUrl } from './database-url';
import { EmbeddedPostgres } from './embedded-postgres';
import { MigrationRunner } from './migrations';

export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

export interface PreparedDatabase {
  url: string;
  embedded: boolean;
  /** Migrations applied by this start. */
  applied: string[];
  /** Migrations left pending because DATABASE_MIGRATE_ON_START is off. */
  pending: string[];
  /** Leaves the embedded server (stopping it if no other process uses it); no-op otherwise. */
  release(): Promise<void>;
}

/**
 * What the API and every CLI command do before Nest starts: use DATABASE_URL or bring up the
 * embedded PostgreSQL, prove the server answers, and apply pending migrations when configured.
 */
export async function prepareDatabase(
  env: Env,
  log: (message: string) => void,
  options: { migrate?: boolean } = {},
): Promise<PreparedDatabase> {
  const embedded = env.DATABASE_URL ? undefined : new EmbeddedPostgres({ dataDir: env.DATA_DIR, port: env.EMBEDDED_DATABASE_PORT, log });
  const url = env.DATABASE_URL ?? (await embedded!.acquire());
  const release = async () => embedded?.release();
  try {
    await checkConnection(url, env.DATABASE_CONNECT_TIMEOUT_MS);
    const runner = new MigrationRunner(url, env.DATABASE_CONNECT_TIMEOUT_MS);
    const migrate = options.migrate ?? env.DATABASE_MIGRATE_ON_START;
    const applied = migrate ? await runner.apply() : [];
    const pending = migrate ? [] : (await runner.status()).pending;
    return { url, embedded: Boolean(embedded), applied, pending, release };
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
}

export async function checkConnection(url: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = (error as Error).message || (error as NodeJS.ErrnoException).code || 'connection failed';
    throw new DatabaseUnreachableError(`Cannot reach the database at ${redactUrl(url)}: ${reason}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
