// GET /api/v1/customers/{id}/events/summary under load: throughput and latency percentiles.
import autocannon from 'autocannon';
import { fmt, startStack } from './support.mjs';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 5000);
const EVENTS_PER_CUSTOMER = Number(process.env.BENCH_EVENTS ?? 40);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '4,32').split(',').map(Number);

const stack = await startStack({ name: 'events-summary' });
try {
  const t0 = Date.now();
  await stack.db.query(`
    INSERT INTO customers (id, cpf_index, cpf_enc, name_enc, address_enc, debts_enc, enc_key_id, pseudonym, updated_at)
    SELECT gen_random_uuid(), md5(g::text) || md5((g * 7)::text), 'x', 'x', 'x', 'x', 'bench', gen_random_uuid(), now()
    FROM generate_series(1, $1) g`, [CUSTOMERS]);
  await stack.db.query(`
    INSERT INTO customer_events (customer_id, type, occurred_at, amount_cents, details)
    SELECT c.id,
           (ARRAY['BUREAU_QUERY','FINANCIAL_MOVEMENT','FINANCIAL_MOVEMENT','CARD_PURCHASE']::customer_event_type[])[1 + (n % 4)],
           now() - (n || ' minutes')::interval, (n * 137) % 100000, jsonb_build_object('n', n)
    FROM customers c CROSS JOIN generate_series(1, $1) n`, [EVENTS_PER_CUSTOMER]);
  await stack.db.query('ANALYZE customers; ANALYZE customer_events;');
  const ids = (await stack.db.query('SELECT id FROM customers')).rows.map((row) => row.id);
  console.log(`data: ${fmt(CUSTOMERS)} customers, ${fmt(CUSTOMERS * EVENTS_PER_CUSTOMER)} events (${fmt((Date.now() - t0) / 1000, 1)} s to load)`);

  const token = await stack.startApi();
  let next = 0;
  console.log(`GET /api/v1/customers/{id}/events/summary, ${DURATION} s per run, one API process on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}:`);
  for (const connections of CONNECTIONS) {
    const result = await autocannon({
      url: stack.base,
      connections,
      duration: DURATION,
      headers: { authorization: `Bearer ${token}` },
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/api/v1/customers/${ids[next++ % ids.length]}/events/summary` }) }],
    });
    console.log(
      `  ${String(connections).padStart(2)} connections: ${fmt(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms (${fmt(result.requests.total)} requests, ${result.non2xx} non-2xx, ${result.errors} errors)`,
    );
    if (result.non2xx || result.errors) process.exitCode = 1;
  }
} finally {
  await stack.stop();
}
