// POST /api/v1/telemetry/...: readings accepted per second (validation, the reading id, one job
// INSERT per request) and stored per second (the consumer loops of the same API process fetch up
// to TELEMETRY_BATCH_SIZE jobs, upsert the devices and insert the readings in one transaction,
// then complete the jobs). Single readings first, then batches; every reading has its own
// millisecond, so none is deduplicated away and every accepted reading must be stored.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import { startInChild } from './bare.mjs';
import { apiProcesses, compareLine, fmt, goalLine, measure, startStack } from './support.mjs';

const SINGLE_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const BATCH_SECONDS = Number(process.env.BENCH_BATCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const BATCH_READINGS = Number(process.env.BENCH_BATCH_READINGS ?? 100);
const CONSUMER_BATCH = Number(process.env.TELEMETRY_BATCH_SIZE ?? 200);
const DRAIN_LIMIT_MS = Number(process.env.BENCH_DRAIN_SECONDS ?? 60) * 1000;
const QUEUES = ['telemetry.gyroscope', 'telemetry.gps'];
const COMPARE_SECONDS = Number(process.env.BENCH_COMPARE_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);

// Timestamps start an hour back and move forward one millisecond per reading: distinct, and far
// from the 300 s future limit even at tens of thousands of readings.
const BASE_MS = Date.now() - 3_600_000;
const hex = (n) => n.toString(16).toUpperCase().padStart(2, '0');
const device = (phase, n) => `AA:BB:CC:00:${hex(phase)}:${hex(n % CONNECTIONS)}`;
const gyroscope = (timestamp) => ({ x: 0.012, y: -0.3, z: 9.81, timestamp });
const gps = (timestamp) => ({ latitude: -23.5613, longitude: -46.6565, timestamp });

/** CPU time (s) of one process, and busy / total time (s) of the whole machine. */
const TICK = 100;
function cpu(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const machine = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const total = machine.reduce((sum, value) => sum + value, 0);
  return { process: (Number(fields[11]) + Number(fields[12])) / TICK, busy: (total - machine[3] - machine[4]) / TICK, total: total / TICK };
}
const share = (from, to) => ({
  api: (100 * (to.process - from.process)) / ((to.total - from.total) / os.cpus().length),
  machine: (100 * (to.busy - from.busy)) / (to.total - from.total),
});

const stack = await startStack({ name: 'telemetry', env: { TELEMETRY_CONSUMERS_ENABLED: 'true', TELEMETRY_BATCH_SIZE: String(CONSUMER_BATCH) } });

// The drain is polled with the readings counts alone (cheap); the job table is counted once the
// load has stopped and once at the end, since scanning it often would slow the drain it measures.
const storedCount = async () =>
  (await stack.db.query('SELECT ((SELECT count(*) FROM gyroscope_readings) + (SELECT count(*) FROM gps_readings))::int AS n')).rows[0].n;
// A single reading is one job; a batch call's readings travel as one job per kind ({readings: [...]}).
const queuedCount = async () =>
  (
    await stack.db.query(
      `SELECT coalesce(sum(CASE WHEN data ? 'readings' THEN jsonb_array_length(data->'readings') ELSE 1 END), 0)::int AS n
         FROM pgboss.job WHERE name = ANY($1)`,
      [QUEUES],
    )
  ).rows[0].n;
async function settled() {
  const { rows } = await stack.db.query(
    `SELECT (SELECT count(*) FROM pgboss.job WHERE name = ANY($1) AND state <> 'completed')::int AS pending,
            (SELECT count(*) FROM pgboss.job WHERE name = ANY($2))::int AS dead,
            (SELECT extract(epoch FROM greatest((SELECT max(stored_at) FROM gyroscope_readings), (SELECT max(stored_at) FROM gps_readings))) * 1000)::float8 AS last_stored_ms`,
    [QUEUES, QUEUES.map((queue) => `${queue}.dead-letter`)],
  );
  return rows[0];
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one load, then waits until every reading the API accepted is stored. "Accepted" is what
 * the API queued: autocannon stops with a request or two per connection in flight, which the API
 * accepts and stores although autocannon never reads the 202.
 */
async function phase({ label, short, seconds, readingsPerRequest, next }) {
  const storedBefore = await storedCount();
  const queuedBefore = await queuedCount();
  const cpuStart = cpu(stack.apiPid);
  const started = Date.now();
  const result = await autocannon({
    url: stack.base,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const { path, body } = next();
          return { ...request, path, body: JSON.stringify(body) };
        },
      },
    ],
  });
  const stopped = Date.now();
  const cpuStopped = cpu(stack.apiPid);
  const storedAtStop = (await storedCount()) - storedBefore;
  // The requests in flight when autocannon stopped are accepted within a latency or so.
  let accepted = (await queuedCount()) - queuedBefore;
  for (let previous = -1; accepted !== previous; ) {
    await sleep(300);
    [previous, accepted] = [accepted, (await queuedCount()) - queuedBefore];
  }

  let stored = storedAtStop;
  while (stored < accepted && Date.now() - stopped < DRAIN_LIMIT_MS) {
    await sleep(500);
    stored = (await storedCount()) - storedBefore;
  }
  const cpuDrained = cpu(stack.apiPid);
  const end = await settled();
  const drained = end.pending === 0 && stored === accepted;
  const lastStored = drained ? Math.max(end.last_stored_ms, started) : Date.now();
  const windowSeconds = (lastStored - started) / 1000;
  const drain = Math.max(0, lastStored - stopped) / 1000;
  const answered = (result.statusCodeStats['202']?.count ?? 0) * readingsPerRequest;
  const non202 = Object.entries(result.statusCodeStats).reduce((sum, [code, { count }]) => sum + (code === '202' ? 0 : count), 0);
  const load = share(cpuStart, cpuStopped);
  const drainCpu = share(cpuStopped, cpuDrained);
  const figures = {
    short,
    accepted: result.requests.average * readingsPerRequest,
    stored: stored / windowSeconds,
    drain,
    drained,
  };

  console.log(`${label}, ${CONNECTIONS} connections, ${seconds} s, ${apiProcesses()} (${CONNECTIONS} devices, consumers in the same process, consumer batch ${CONSUMER_BATCH}):`);
  if (readingsPerRequest > 1) console.log(`  ${fmt(result.requests.average)} batches/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (${non202} non-202, ${result.errors} errors)`);
  else console.log(`  ${fmt(result.requests.average)} readings/s accepted, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (${non202} non-202, ${result.errors} errors)`);
  if (readingsPerRequest > 1) console.log(`  ${fmt(figures.accepted)} readings/s accepted`);
  console.log(`  accepted ${fmt(accepted)} readings (${fmt(answered)} with their 202 read before autocannon stopped), stored ${fmt(stored)}${end.pending ? `, ${fmt(end.pending)} jobs not completed after ${DRAIN_LIMIT_MS / 1000} s` : ''}${end.dead ? `, ${fmt(end.dead)} dead letters` : ''}`);
  console.log(`  stored when the load stopped: ${fmt(storedAtStop)} (${fmt((100 * storedAtStop) / Math.max(1, accepted))}%)`);
  console.log(`  ${fmt(figures.stored)} readings/s stored over ${fmt(windowSeconds, 1)} s from load start to the last stored reading; drain ${fmt(drain, 1)} s after the load stopped`);
  console.log(`  API process CPU: ${fmt(load.api)}% of one core during the load, ${fmt(drainCpu.api)}% during the drain; machine busy ${fmt(load.machine)}% / ${fmt(drainCpu.machine)}%`);
  if (non202 || result.errors || !drained || end.dead || accepted < answered) process.exitCode = 1;
  return figures;
}

let token;
try {
  token = await stack.startApi();

  // Phase A: single readings, gyroscope and GPS in turn, devices in turn, one millisecond apart.
  let a = 0;
  const single = await phase({
    label: 'POST /api/v1/telemetry/gyroscope and /gps alternately',
    short: `single readings, ${SINGLE_SECONDS} s`,
    seconds: SINGLE_SECONDS,
    readingsPerRequest: 1,
    next: () => {
      a += 1;
      const deviceId = device(1, Math.floor(a / 2));
      return a % 2
        ? { path: '/api/v1/telemetry/gyroscope', body: { deviceId, ...gyroscope(BASE_MS + a) } }
        : { path: '/api/v1/telemetry/gps', body: { deviceId, ...gps(BASE_MS + a) } };
    },
  });

  // Phase B: batches of one device, half gyroscope and half GPS, consecutive milliseconds.
  let b = 0;
  const batches = await phase({
    label: `POST /api/v1/telemetry/batch, ${BATCH_READINGS} readings per batch`,
    short: `batches of ${BATCH_READINGS}, ${BATCH_SECONDS} s`,
    seconds: BATCH_SECONDS,
    readingsPerRequest: BATCH_READINGS,
    next: () => {
      b += 1;
      const first = BASE_MS + b * BATCH_READINGS;
      const readings = Array.from({ length: BATCH_READINGS }, (_, i) => (i % 2 ? { type: 'gps', ...gps(first + i) } : { type: 'gyroscope', ...gyroscope(first + i) }));
      return { path: '/api/v1/telemetry/batch', body: { deviceId: device(2, b), readings } };
    },
  });

  console.log('');
  console.log(`summary, ${CONNECTIONS} connections (readings/s):   accepted     stored   drain after the load`);
  for (const figures of [single, batches]) {
    console.log(`  ${figures.short.padEnd(34)} ${fmt(figures.accepted).padStart(9)} ${fmt(figures.stored).padStart(10)}   ${fmt(figures.drain, 1)} s${figures.drained ? '' : ' (not drained)'}`);
  }

  // Acceptance alone, next to the bare equivalent: the API restarted without its consumers (the
  // bare server stores nothing either), gyroscope readings only, each at its own millisecond
  // (earlier than those of the phases above).
  token = await stack.startApi({ env: { TELEMETRY_CONSUMERS_ENABLED: 'false' } });
  let c = 0;
  const accept = (server, seconds) =>
    measure({
      url: server.url,
      headers: { authorization: `Bearer ${token}` },
      next: () => {
        c += 1;
        return { path: '/api/v1/telemetry/gyroscope', body: { deviceId: device(3, c), ...gyroscope(BASE_MS - 20_000_000 + c) } };
      },
      status: 202,
      connections: CONNECTIONS,
      duration: seconds,
      pid: server.pid,
    });
  const compared = async (server, label) => {
    await accept(server, WARMUP);
    const result = await accept(server, COMPARE_SECONDS);
    console.log(`  ${label}: ${fmt(result.rate)} readings/s accepted, p50 ${result.p50} ms, p99 ${result.p99} ms, ${fmt(result.cpuMs, 2)} ms CPU/request (${result.bad} not 202)`);
    if (result.bad) process.exitCode = 1;
    return result;
  };
  console.log('');
  console.log(`POST /api/v1/telemetry/gyroscope accepted (queued), consumers off, ${CONNECTIONS} connections, ${COMPARE_SECONDS} s:`);
  const product = await compared({ url: stack.base, pid: stack.apiPid }, `the product (${apiProcesses()})`);
  const bareServer = await startInChild('reading', stack.bareOptions);
  const bare = await compared(bareServer, `bare (node:http + pg, pool of ${stack.bareOptions.poolSize}, one idempotent job INSERT)`);
  await bareServer.close();
  const ratio = compareLine(`single reading accepted, ${CONNECTIONS} conn`, product, bare);
  goalLine(`single reading accepted, ${CONNECTIONS} conn, ratio (aiming 0.5)`, ratio, 0.3);
} finally {
  await stack.stop();
}
