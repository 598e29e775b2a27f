import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

/** Runs a PostgreSQL tool; its standard output, when `stdout` is given, is copied there. Answers the bytes copied. */
async function run(tool: string, args: string[], env: NodeJS.ProcessEnv, stdout?: Writable): Promise<number> {
  const child = spawn(tool, args, { env, stdio: ['ignore', stdout ? 'pipe' : 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let missing: Error | undefined;
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      missing = error.code === 'ENOENT' ? new UsageError(`${tool} was not found on the PATH; install the PostgreSQL client tools of the server's major version (Debian: postgresql-client-15)`) : error;
      reject(missing);
    });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new UsageError(`${tool} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`))));
  });
  let bytes = 0;
  const copied = stdout
    ? pipeline(
        child.stdout!,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            bytes += chunk.length;
            yield chunk;
          }
        },
        stdout,
      )
    : Promise.resolve();
  const [exit, copy] = await Promise.allSettled([exited, copied]);
  // The first cause: a tool that did not start, else an output that failed (the tool then dies of it).
  if (missing) throw missing;
  if (copy.status === 'rejected') throw copy.reason;
  if (exit.status === 'rejected') throw exit.reason;
  return bytes;
}

/** Writes pg_dump's custom archive of the database to `out` (a file, standard output); answers its size. */
export async function backupDatabase(url: string, out: Writable): Promise<{ bytes: number }> {
  const { dbname, env } = toolConnection(url);
  return { bytes: await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--dbname=${dbname}`], env, out) };
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
