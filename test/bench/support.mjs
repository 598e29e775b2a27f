// Shared set-up of the benchmarks: the compiled API as a real process on a real PostgreSQL
// (embedded in a temporary folder, or a fresh database on the server of DATABASE_URL).
import { execFileSync, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childServer } from './bare.mjs';

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
    // API_WORKERS=2 npm run bench: the product on two HTTP workers (the warm-up covers the second's start).
    API_WORKERS: process.env.API_WORKERS ?? '1',
    ...extraEnv,
  };
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const { server_version: version } = (await db.query('SHOW server_version')).rows[0];
  console.log(`database: PostgreSQL ${version}, ${embedded ? 'embedded' : 'the server of DATABASE_URL'}; the API, PostgreSQL and the load generator share this machine (load average ${os.loadavg().map((load) => fmt(load, 1)).join(', ')} at the start)`);

  let api;
  let profileDir;
  const stopApi = async () => {
    // A process killed by a signal (an out-of-memory abort) has a signalCode and no exitCode.
    if (api && api.exitCode === null && api.signalCode === null) {
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
    }
    if (profileDir) {
      printProfile(profileDir);
      if (!process.env.BENCH_PROFILE_DIR) rmSync(profileDir, { recursive: true, force: true });
      profileDir = undefined;
    }
  };
  const startApi = async ({ nodeArgs = [], env: apiEnv = {} } = {}) => {
    await stopApi();
    const extra = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
    if (process.env.BENCH_PROFILE === '1') {
      // BENCH_PROFILE_DIR keeps the .cpuprofile files there (for DevTools); by default they go.
      profileDir = mkdtempSync(path.join(process.env.BENCH_PROFILE_DIR ?? os.tmpdir(), `bench-${name}-profile-`));
      extra.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
    }
    api = spawn(process.execPath, [...extra, ...nodeArgs, 'dist/main.js'], { cwd: root, env: { ...env, ...apiEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
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
      if (api.exitCode !== null || api.signalCode !== null || Date.now() > deadline) throw new Error(`the API did not start:\n${output.slice(-4000)}`);
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
    env,
    /** What the bare servers of bare.mjs need: this database, and a pool the size of the API's. */
    bareOptions: { databaseUrl: url, poolSize: Number(env.DATABASE_POOL_SIZE) },
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

/** What a profile node's code belongs to: a package, the product's own dist, Node, GC, idle. */
function ownerOf({ url, functionName }) {
  if (!url) return { '(garbage collector)': 'GC', '(idle)': 'idle', '(program)': 'V8 and native (program)' }[functionName] ?? 'V8 and native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `node_modules/${pkg[1]}`;
  if (url.startsWith('node:') || !url.includes('/')) return 'node internals';
  if (url.includes('/dist/')) return 'product (dist)';
  return url;
}

/**
 * BENCH_PROFILE=1: the API's CPU profile (--cpu-prof, written when it exits), its self time summed
 * by owner, largest first. It covers the whole life of that API process, warm-ups included.
 */
function printProfile(dir) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const owners = new Map(profile.nodes.map((node) => [node.id, ownerOf(node.callFrame)]));
    const totals = new Map();
    profile.samples.forEach((id, i) => totals.set(owners.get(id), (totals.get(owners.get(id)) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const all = [...totals.values()].reduce((sum, us) => sum + us, 0);
    const busy = all - (totals.get('idle') ?? 0);
    console.log(`CPU profile of the API process (self time by owner; ${fmt(all / 1e6, 1)} s profiled, ${fmt(busy / 1e6, 1)} s not idle):`);
    for (const [owner, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      const ofBusy = owner === 'idle' ? '' : `, ${fmt((100 * us) / busy, 1)}% of busy`;
      console.log(`  ${owner.padEnd(44)} ${fmt(us / 1000).padStart(8)} ms${ofBusy}`);
    }
  }
}

/** User plus system CPU time of a process and its live children (API_WORKERS) so far, in seconds. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100 + childrenOf(pid).reduce((sum, child) => sum + cpuSeconds(child), 0);
}

function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number));
  } catch {
    return []; // the process has just exited
  }
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

/** How the product runs in this benchmark: `one API process`, or its API_WORKERS HTTP workers. */
export function apiProcesses() {
  const workers = Number(process.env.API_WORKERS ?? '1');
  return workers > 1 ? `one API process with ${workers} HTTP workers (API_WORKERS)` : 'one API process';
}

export const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * The Nest framework floor (floor-app.mjs) as a child process with the API's environment: the
 * product's createHttpApp with one no-op route, POST /api/v1/floor. Resolves {url, pid, close}.
 */
export function startNestFloor(env) {
  const child = fork(path.join(root, 'test/bench/floor-app.mjs'), [], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return childServer(child, 'the floor app');
}

const ratioOf = (product, bare) => product / bare;

/** `card authorization, spread, 32 conn: product 1,105/s, bare 5,991/s, ratio 0.18` */
export function compareLine(label, product, bare) {
  const cpu = product.cpuMs !== undefined && bare.cpuMs !== undefined ? `; CPU per request: product ${fmt(product.cpuMs, 2)} ms, bare ${fmt(bare.cpuMs, 2)} ms` : '';
  console.log(`${label}: product ${fmt(product.rate)}/s, bare ${fmt(bare.rate)}/s, ratio ${fmt(ratioOf(product.rate, bare.rate), 2)}${cpu}`);
  return ratioOf(product.rate, bare.rate);
}

/**
 * One line of the goals summary (run.mjs gathers every `goal:` line into the final table):
 * `goal: <what> | <measured> | <target> | met` or `missed by 1.6x`.
 */
export function goalLine(what, measured, target, { higherIsBetter = true, unit = '', digits = 2 } = {}) {
  const met = higherIsBetter ? measured >= target : measured <= target;
  const factor = higherIsBetter ? target / measured : measured / target;
  const verdict = met ? 'met' : `missed by ${fmt(factor, 1)}x`;
  console.log(`goal: ${what} | ${fmt(measured, digits)}${unit} | ${higherIsBetter ? '≥' : '≤'} ${fmt(target, digits)}${unit} | ${verdict}`);
  return met;
}

/**
 * One autocannon run against `url`: `next()` gives each request's {path, body}; every request is
 * expected to answer `status`. Resolves {rate, p50, p99, max, bad} (bad: other answers and errors).
 */
export async function measure({ url, method = 'POST', headers = {}, next, status = 200, connections, duration, overallRate, pid }) {
  const { default: autocannon } = await import('autocannon');
  const cpuBefore = pid && cpuSeconds(pid);
  const result = await autocannon({
    url,
    method,
    connections,
    duration,
    ...(overallRate ? { overallRate } : {}),
    headers: { 'content-type': 'application/json', ...headers },
    requests: [
      {
        setupRequest: (request) => {
          const { path, body } = next();
          return { ...request, ...(path ? { path } : {}), ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
        },
      },
    ],
  });
  const good = result.statusCodeStats[String(status)]?.count ?? 0;
  const answered = Object.values(result.statusCodeStats).reduce((sum, { count }) => sum + count, 0);
  // CPU of the server process per answered request: the cost that contention on a shared machine
  // does not inflate the way it does wall-clock rates.
  const cpuMs = pid ? (1000 * (cpuSeconds(pid) - cpuBefore)) / Math.max(1, answered) : undefined;
  return { rate: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, bad: answered - good + result.errors, cpuMs };
}
