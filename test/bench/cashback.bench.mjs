// POST /api/v1/cashback: purchases accepted per second (validation, pricing, the customer, the
// event, the audit record and the delivery job in one transaction). Delivery is off in this API
// process, so the figure is acceptance alone.
import autocannon from 'autocannon';
import { fmt, startStack } from './support.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

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
  const result = await autocannon({
    url: `${stack.base}/api/v1/cashback`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          n += 1;
          return {
            ...request,
            body: JSON.stringify({
              sold_at: '2026-01-02 10:00:00',
              customer: { document: cpf(n % 2000), name: `CLIENTE ${n % 2000}` },
              total: '100.00',
              products: [
                { type: 'A', value: '10.00', qty: 1 },
                { type: 'B', value: '10.00', qty: 9 },
              ],
            }),
          };
        },
      },
    ],
  });
  // One statement, one snapshot: requests still in flight when autocannon stops commit a purchase
  // and its job together, never between two separate counts.
  const { stored, jobs } = (
    await stack.db.query(`SELECT (SELECT count(*) FROM cashback_purchases) AS stored, (SELECT count(*) FROM pgboss.job WHERE name = 'cashback-delivery') AS jobs`)
  ).rows[0];
  console.log(`POST /api/v1/cashback, ${CONNECTIONS} connections, ${DURATION} s, one API process (2,000 distinct customers):`);
  console.log(`  ${fmt(result.requests.average)} purchases/s accepted, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (${result.non2xx} non-2xx, ${result.errors} errors)`);
  console.log(`  stored: ${fmt(Number(stored))} purchases, ${fmt(Number(jobs))} delivery jobs`);
  if (result.non2xx || result.errors || stored !== jobs) process.exitCode = 1;
} finally {
  await stack.stop();
}
