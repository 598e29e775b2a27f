// POST /api/v1/cashback: purchases accepted per second (validation, pricing, the customer, the
// event, the audit record and the delivery job in one transaction). Delivery is off in this API
// process, so the figure is acceptance alone. Then the bare equivalent (bare.mjs: node:http + pg,
// the same statements in one transaction).
import { startInChild } from './bare.mjs';
import { apiProcesses, compareLine, fmt, goalLine, measure, startStack } from './support.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);

function cpf(n) {
  const base = String(100_000_000 + ((n * 7919) % 800_000_000)).slice(0, 9);
  const digit = (digits) => {
    const sum = [...digits].reduce((total, d, i) => total + Number(d) * (digits.length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  const ten = base + digit(base);
  return ten + digit(ten);
}

const stack = await startStack({ name: 'cashback', env: { CASHBACK_DELIVERY_ENABLED: 'false' } });
try {
  const token = await stack.startApi();
  let n = 0;
  const purchase = () => {
    n += 1;
    return {
      body: {
        sold_at: '2026-01-02 10:00:00',
        customer: { document: cpf(n % 2000), name: `CLIENTE ${n % 2000}` },
        total: '100.00',
        products: [
          { type: 'A', value: '10.00', qty: 1 },
          { type: 'B', value: '10.00', qty: 9 },
        ],
      },
    };
  };
  const counts = async () =>
    // One statement, one snapshot: requests still in flight when autocannon stops commit a
    // purchase and its job together, never between two separate counts.
    (await stack.db.query(`SELECT (SELECT count(*) FROM cashback_purchases)::int AS stored, (SELECT count(*) FROM pgboss.job WHERE name = 'cashback-delivery')::int AS jobs`)).rows[0];
  const run = async (server, label) => {
    const load = (duration) => measure({ url: `${server.url}/api/v1/cashback`, headers: { authorization: `Bearer ${token}` }, next: purchase, status: 201, connections: CONNECTIONS, duration, pid: server.pid });
    // The warm-up also creates most of the 2,000 customers, so the measured run is mostly
    // purchases of known customers, for both servers alike.
    await load(WARMUP);
    const result = await load(DURATION);
    const { stored, jobs } = await counts();
    console.log(`  ${label}: ${fmt(result.rate)} purchases/s accepted, p50 ${result.p50} ms, p99 ${result.p99} ms, ${fmt(result.cpuMs, 2)} ms CPU/request (${result.bad} not 201); stored so far: ${fmt(stored)} purchases, ${fmt(jobs)} delivery jobs`);
    if (result.bad || stored !== jobs) process.exitCode = 1;
    return result;
  };
  console.log(`POST /api/v1/cashback, ${CONNECTIONS} connections, ${DURATION} s (2,000 distinct customers):`);
  const product = await run({ url: stack.base, pid: stack.apiPid }, `the product (${apiProcesses()})`);
  const bareServer = await startInChild('cashback', stack.bareOptions);
  const bare = await run(bareServer, `bare (node:http + pg, pool of ${stack.bareOptions.poolSize}, one transaction)`);
  await bareServer.close();
  const ratio = compareLine(`cashback acceptance, ${CONNECTIONS} conn`, product, bare);
  goalLine(`cashback acceptance, ${CONNECTIONS} conn, ratio`, ratio, 0.3);
} finally {
  await stack.stop();
}
