// POST /api/v1/transactions: throughput and latency of the authorizer, spread over 10,000 accounts
// and on one hot account, at saturation and at a fixed 1,000 authorizations per second; then the
// same runs against the bare equivalent (bare.mjs: node:http + pg, the same statement), and the
// statement alone over pg.
import { startInChild } from './bare.mjs';
import { apiProcesses, compareLine, fmt, goalLine, measure, startStack } from './support.mjs';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const FIXED_RATE = 1000;
const FIXED_CONNECTIONS = Number(process.env.BENCH_FIXED_CONNECTIONS ?? 16);

const stack = await startStack({ name: 'card-authorization' });
try {
  await stack.db.query(`
    INSERT INTO card_accounts (id, food_cents, meal_cents, cash_cents)
    SELECT 'acc-' || g, 100000000, 100000000, 100000000 FROM generate_series(1, $1) g`, [ACCOUNTS]);
  await stack.db.query(`INSERT INTO card_accounts (id, food_cents, meal_cents, cash_cents) VALUES ('hot', 1000000000, 1000000000, 1000000000)`);
  await stack.db.query('ANALYZE card_accounts');
  const token = await stack.startApi();

  const MCCS = ['5411', '5811', '5999', '5812'];
  let n = 0;
  const spread = () => `acc-${1 + Math.floor(Math.random() * ACCOUNTS)}`;
  const hot = () => 'hot';
  const ledger = async () => (await stack.db.query(`SELECT count(*) FILTER (WHERE code = '00') AS ok, count(*) AS total FROM card_transactions`)).rows[0];

  /** One run against a server ({url, pid}); prints its line and fails the benchmark on any non-200. */
  const run = async (server, label, account, { connections = CONNECTIONS, overallRate, duration = DURATION } = {}) => {
    const result = await measure({
      url: `${server.url}/api/v1/transactions`,
      headers: { authorization: `Bearer ${token}` },
      next: () => {
        n += 1;
        return { body: { id: `b-${process.pid}-${n}`, account: account(), totalAmount: 1.25, mcc: MCCS[n % 4], merchant: 'PADARIA DO ZE               SAO PAULO BR' } };
      },
      connections,
      duration,
      overallRate,
      pid: server.pid,
    });
    const approved = await ledger();
    console.log(
      `  ${label.padEnd(46)} ${fmt(result.rate).padStart(6)} auth/s, p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms, ${fmt(result.cpuMs, 2)} ms CPU/request (${result.bad} not 200; ledger ${fmt(Number(approved.ok))} approved of ${fmt(Number(approved.total))})`,
    );
    if (result.bad) process.exitCode = 1;
    return result;
  };
  const fixed = `fixed ${fmt(FIXED_RATE)} auth/s, ${FIXED_CONNECTIONS} conn.`;
  const runAll = async (server) => {
    await run(server, 'warm-up (not compared)', spread, { duration: WARMUP });
    return {
    spread: await run(server, `spread over ${fmt(ACCOUNTS)} accounts, ${CONNECTIONS} conn.`, spread),
    hot: await run(server, `one hot account, ${CONNECTIONS} conn.`, hot),
    fixedSpread: await run(server, `spread, ${fixed}`, spread, { connections: FIXED_CONNECTIONS, overallRate: FIXED_RATE }),
    fixedHot: await run(server, `one hot account, ${fixed}`, hot, { connections: FIXED_CONNECTIONS, overallRate: FIXED_RATE }),
    };
  };

  console.log(`POST /api/v1/transactions, ${DURATION} s per run; the product (${apiProcesses()}):`);
  const product = await runAll({ url: stack.base, pid: stack.apiPid });
  const fewCallers = await run({ url: stack.base, pid: stack.apiPid }, 'spread, 4 conn.', spread, { connections: 4 });

  console.log(`the bare equivalent (node:http + pg, pool of ${stack.bareOptions.poolSize}, the same card_authorize_before statement):`);
  const bareServer = await startInChild('card', { ...stack.bareOptions, timeoutMs: 2000 });
  const bare = await runAll(bareServer);
  await bareServer.close();

  // The same statement without HTTP: what the database side alone sustains here.
  const { Pool } = (await import('pg')).default;
  const pool = new Pool({ connectionString: stack.url, max: CONNECTIONS });
  for (const [label, account] of [['spread', spread], ['one hot account', hot]]) {
    let done = 0;
    const started = Date.now();
    const deadline = started + Math.min(5, DURATION) * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < deadline) {
          n += 1;
          await pool.query('SELECT code FROM card_authorize_before($1::timestamptz, $2, $3, $4, $5, $6, $7, $8)', [new Date(Date.now() + 1800).toISOString(), `p-${process.pid}-${n}`, account(), 125, '5811', null, 'MEAL', 'x'.repeat(64)]);
          done += 1;
        }
      }),
    );
    console.log(`  database alone, ${label}, ${CONNECTIONS} clients over pg: ${fmt(done / ((Date.now() - started) / 1000))} statements/s`);
  }
  await pool.end();

  const negatives = (await stack.db.query('SELECT count(*) FROM card_accounts WHERE food_cents < 0 OR meal_cents < 0 OR cash_cents < 0')).rows[0].count;
  const mismatch = (
    await stack.db.query(`
      SELECT count(*) FROM card_accounts a
      LEFT JOIN (SELECT account_id, sum(amount_cents) FILTER (WHERE code = '00') AS spent FROM card_transactions GROUP BY 1) l ON l.account_id = a.id
      WHERE (a.id = 'hot' OR a.id LIKE 'acc-%') -- the accounts this benchmark opened (the seed adds a demo one)
        AND 3::bigint * (CASE WHEN a.id = 'hot' THEN 1000000000 ELSE 100000000 END) - (a.food_cents + a.meal_cents + a.cash_cents) <> coalesce(l.spent, 0)`)
  ).rows[0].count;
  console.log(`  checks: ${negatives} negative balances, ${mismatch} accounts whose ledger disagrees with the balances`);
  if (Number(negatives) || Number(mismatch)) process.exitCode = 1;

  console.log('product next to bare:');
  const spreadRatio = compareLine(`card authorization, spread, ${CONNECTIONS} conn`, product.spread, bare.spread);
  const hotRatio = compareLine(`card authorization, hot, ${CONNECTIONS} conn`, product.hot, bare.hot);
  console.log(`card authorization, p99 at ${fixed}: product ${product.fixedSpread.p99} ms spread, ${product.fixedHot.p99} ms hot; bare ${bare.fixedSpread.p99} ms spread, ${bare.fixedHot.p99} ms hot`);
  console.log(`card authorization, spread, 4 conn: product ${fmt(fewCallers.rate)}/s, p99 ${fewCallers.p99} ms`);
  goalLine(`card authorization, spread, ${CONNECTIONS} conn, ratio`, spreadRatio, 0.5);
  goalLine(`card authorization, hot, ${CONNECTIONS} conn, ratio`, hotRatio, 0.5);
  goalLine(`card authorization, p99 at ${fixed} (worse of spread and hot)`, Math.max(product.fixedSpread.p99, product.fixedHot.p99), 10, { higherIsBetter: false, unit: ' ms', digits: 0 });
  goalLine(`card authorization, spread, ${CONNECTIONS} conn, auth/s`, product.spread.rate, 3000, { digits: 0 });
  goalLine(`card authorization, hot, ${CONNECTIONS} conn, auth/s`, product.hot.rate, 1500, { digits: 0 });
} finally {
  await stack.stop();
}
