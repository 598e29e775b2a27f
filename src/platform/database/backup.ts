import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { Client } from 'pg';
import { UsageError } from '../boot';
import { redactUrl } from './database-url';

/**
 * Backups are PostgreSQL's own: pg_dump's custom archive (compressed, every schema: the
 * application's tables, the migrations table and the pgboss queue), restored with pg_restore in
 * one transaction. The tools come from the PATH and must be of the server's major version or newer.
 */

/** Connection for the PostgreSQL tools: the password travels in PGPASSWORD, not on the command line. */
export function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  // Only libpq's own parameters are understood by the tools.
  for (const key of [...parsed.searchParams.keys()]) if (!['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'application_name', 'connect_timeout'].includes(key)) parsed.searchParams.delete(key);
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new UsageError(`${tool} was not found on the PATH; install the PostgreSQL client tools of the server's major version (Debian: postgresql-client-15)`) : error),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new UsageError(`${tool} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`))));
  });
}

export async function backupDatabase(url: string, file: string): Promise<{ bytes: number }> {
  const { dbname, env } = toolConnection(url);
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${dbname}`], env);
  return { bytes: statSync(file).size };
}

/** Tables in the database outside PostgreSQL's own schemas. */
export async function tableCount(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/**
 * Restores an archive into the database of `url`. An empty database is the normal target; one
 * with tables is refused unless `replace`, which drops what the archive contains before recreating it.
 */
export async function restoreDatabase(url: string, file: string, options: { replace: boolean }): Promise<void> {
  try {
    statSync(file);
  } catch {
    throw new UsageError(`${file} does not exist`);
  }
  const tables = await tableCount(url);
  if (tables > 0 && !options.replace) {
    throw new UsageError(`${redactUrl(url)} is not empty (${tables} tables); restore into a new database, or pass --force to replace its contents`);
  }
  const { dbname, env } = toolConnection(url);
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', ...(tables > 0 ? ['--clean', '--if-exists'] : []), `--dbname=${dbname}`, file], env);
}
