// POST /api/v1/transactions: throughput and latency of the authorizer, spread over 10,000 accounts
// and on one hot account, at saturation and at a fixed 1,000 authorizations per second.
import autocannon from 'autocannon';
import { fmt, startStack } from './support.mjs';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

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
  const results = {};
  const run = async (label, account, options = {}) => {
    const result = await autocannon({
      url: `${stack.base}/api/v1/transactions`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            n += 1;
            return { ...request, body: JSON.stringify({ id: `b-${process.pid}-${n}`, account: account(), totalAmount: 1.25, mcc: MCCS[n % 4], merchant: 'PADARIA DO ZE               SAO PAULO BR' }) };
          },
        },
      ],
      ...options,
    });
    const approved = (await stack.db.query(`SELECT count(*) FILTER (WHERE code = '00') AS ok, count(*) AS total FROM card_transactions`)).rows[0];
    console.log(
      `  ${label.padEnd(38)} ${fmt(result.requests.average).padStart(6)} auth/s, p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms (${result.non2xx} non-2xx, ${result.errors} errors; ledger ${fmt(Number(approved.ok))} approved of ${fmt(Number(approved.total))})`,
    );
    if (result.non2xx || result.errors) process.exitCode = 1;
    return (results[label] = { rate: result.requests.average, p99: result.latency.p99 });
  };
  const spread = () => `acc-${1 + Math.floor(Math.random() * ACCOUNTS)}`;
  console.log(`POST /api/v1/transactions, ${DURATION} s per run, one API process:`);
  const spreadMax = await run(`spread over ${fmt(ACCOUNTS)} accounts, ${CONNECTIONS} conn.`, spread);
  const hotMax = await run(`one hot account, ${CONNECTIONS} connections`, () => 'hot');
  const fewCallers = await run('spread, 4 connections', spread, { connections: 4 });
  const fixedSpread = await run('spread, fixed 1,000 auth/s', spread, { overallRate: 1000 });
  const fixedHot = await run('one hot account, fixed 1,000 auth/s', () => 'hot', { overallRate: 1000 });

  // The same statement without HTTP, Nest or Prisma: what the database side alone sustains here.
  const { Pool } = (await import('pg')).default;
  const pool = new Pool({ connectionString: stack.url, max: CONNECTIONS });
  for (const [label, account] of [['spread', spread], ['one hot account', () => 'hot']]) {
    let done = 0;
    const started = Date.now();
    const deadline = started + 5000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < deadline) {
          n += 1;
          await pool.query('SELECT code FROM card_authorize($1, $2, $3, $4, $5, $6, $7)', [`p-${process.pid}-${n}`, account(), 125, '5811', null, 'MEAL', 'x'.repeat(64)]);
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
      WHERE 3::bigint * (CASE WHEN a.id = 'hot' THEN 1000000000 ELSE 100000000 END) - (a.food_cents + a.meal_cents + a.cash_cents) <> coalesce(l.spent, 0)`)
  ).rows[0].count;
  console.log(`  checks: ${negatives} negative balances, ${mismatch} accounts whose ledger disagrees with the balances`);

  const verdict = (measured, target, higherIsBetter = true) => {
    const met = higherIsBetter ? measured >= target : measured <= target;
    const factor = higherIsBetter ? target / measured : measured / target;
    return met ? 'met' : `missed by ${fmt(factor, 1)}x`;
  };
  console.log('targets (one API process):');
  console.log(`  3,000 auth/s spread at saturation: ${fmt(spreadMax.rate)}/s, ${verdict(spreadMax.rate, 3000)}`);
  console.log(`  1,500 auth/s on one hot account at saturation: ${fmt(hotMax.rate)}/s, ${verdict(hotMax.rate, 1500)}`);
  console.log(`  p99 under 10 ms at 1,000 auth/s: ${fixedSpread.p99} ms spread and ${fixedHot.p99} ms hot over ${CONNECTIONS} connections (${verdict(Math.max(fixedSpread.p99, fixedHot.p99), 10, false)}); ${fewCallers.p99} ms at ${fmt(fewCallers.rate)}/s from 4 callers (${verdict(fewCallers.p99, 10, false)})`);
  if (Number(negatives) || Number(mismatch)) process.exitCode = 1;
} finally {
  await stack.stop();
}
