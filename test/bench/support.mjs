// Shared set-up of the benchmarks: the compiled API as a real process on a real PostgreSQL
// (embedded in a temporary folder, or a fresh database on the server of DATABASE_URL).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

export async function startStack({ name, env: extraEnv = {} }) {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'ensure-build.mjs')], { cwd: root, stdio: 'inherit' });
  const { EmbeddedPostgres, findFreePort } = require(path.join(root, 'dist/platform/database/embedded-postgres.js'));
  const { MigrationRunner } = require(path.join(root, 'dist/platform/database/migrations.js'));
  const { withDatabase } = require(path.join(root, 'dist/platform/database/database-url.js'));
  const pg = require('pg');

  const dataDir = mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  let embedded;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = new EmbeddedPostgres({ dataDir, port: 0 });
    serverUrl = await embedded.acquire();
  }
  const database = `bench_${name.replace(/\W/g, '_')}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = withDatabase(serverUrl, database);
  await new MigrationRunner(url).apply();

  const port = await findFreePort();
  const password = `Bench-${randomBytes(9).toString('base64url')}1a`;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    THROTTLE_LIMIT: '1000000',
    DATABASE_POOL_SIZE: '20',
    AUTH_CACHE_TTL_MS: '15000',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    FIELD_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    DEMO_ADMIN_PASSWORD: password,
    ...extraEnv,
  };
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const { server_version: version } = (await db.query('SHOW server_version')).rows[0];
  console.log(`database: PostgreSQL ${version}, ${embedded ? 'embedded' : 'the server of DATABASE_URL'}; the API, PostgreSQL and the load generator share this machine`);

  let api;
  const stopApi = async () => {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
    }
  };
  const startApi = async ({ nodeArgs = [] } = {}) => {
    await stopApi();
    const extra = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
    api = spawn(process.execPath, [...extra, ...nodeArgs, 'dist/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    api.stdout.on('data', (chunk) => (output += chunk));
    api.stderr.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (api.exitCode !== null || Date.now() > deadline) throw new Error(`the API did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.local', password }),
    });
    return (await login.json()).accessToken;
  };

  return {
    url,
    db,
    base: `http://127.0.0.1:${port}`,
    startApi,
    get apiPid() {
      return api?.pid;
    },
    async stop() {
      await stopApi();
      await db.end();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.end();
      await embedded?.release();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Peak resident memory of a process so far (VmHWM), in MiB. */
export function peakRssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

export function currentRssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

export const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
