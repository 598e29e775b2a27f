// GET /api/v1/customers/{id}/events/summary under load: throughput and latency percentiles, next
// to the bare equivalent (bare.mjs: node:http + pg, the same statement).
import { startInChild } from './bare.mjs';
import { apiProcesses, compareLine, fmt, goalLine, measure, startStack } from './support.mjs';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 5000);
const EVENTS_PER_CUSTOMER = Number(process.env.BENCH_EVENTS ?? 40);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
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
  const run = (server, connections, duration = DURATION) =>
    measure({
      url: server.url,
      method: 'GET',
      headers: { authorization: `Bearer ${token}` },
      next: () => ({ path: `/api/v1/customers/${ids[next++ % ids.length]}/events/summary` }),
      connections,
      duration,
      pid: server.pid,
    });
  const runAll = async (server, label) => {
    console.log(label);
    await run(server, Math.max(...CONNECTIONS), WARMUP);
    const results = new Map();
    for (const connections of CONNECTIONS) {
      const result = await run(server, connections);
      console.log(`  ${String(connections).padStart(2)} connections: ${fmt(result.rate)} req/s, latency p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms, ${fmt(result.cpuMs, 2)} ms CPU/request (${result.bad} not 200)`);
      if (result.bad) process.exitCode = 1;
      results.set(connections, result);
    }
    return results;
  };
  const product = await runAll({ url: stack.base, pid: stack.apiPid }, `GET /api/v1/customers/{id}/events/summary, ${DURATION} s per run; the product (${apiProcesses()}):`);
  const bareServer = await startInChild('summary', stack.bareOptions);
  const bare = await runAll(bareServer, `the bare equivalent (node:http + pg, pool of ${stack.bareOptions.poolSize}, the same statement):`);
  await bareServer.close();

  console.log('product next to bare:');
  const ratios = CONNECTIONS.map((connections) => compareLine(`events summary, ${connections} conn`, product.get(connections), bare.get(connections)));
  const widest = Math.max(...CONNECTIONS);
  goalLine(`events summary, ${widest} conn, ratio (aiming 0.5)`, ratios[CONNECTIONS.indexOf(widest)], 0.3);
} finally {
  await stack.stop();
}
