// The framework floor: a no-op route (parses a JSON body, answers a constant) in a Nest app built
// by the product's own createHttpApp, next to the same no-op on plain node:http.
import { startInChild } from './bare.mjs';
import { compareLine, fmt, measure, startNestFloor, startStack } from './support.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const BODY = { id: 'floor-1', account: 'acc-1', totalAmount: 1.25, mcc: '5811', merchant: 'PADARIA DO ZE               SAO PAULO BR' };

const stack = await startStack({ name: 'framework-floor' });
try {
  const run = async (server, path) => {
    const load = (duration) => measure({ url: server.url, next: () => ({ path, body: BODY }), connections: CONNECTIONS, duration, pid: server.pid });
    await load(WARMUP);
    const result = await load(DURATION);
    await server.close();
    if (result.bad) process.exitCode = 1;
    return result;
  };
  const nest = await run(await startNestFloor(stack.env), '/api/v1/floor');
  const bare = await run(await startInChild('floor'), '/');
  console.log(`no-op POST with a JSON body, ${CONNECTIONS} connections, ${DURATION} s each:`);
  console.log(`  Nest app from the product's createHttpApp: ${fmt(nest.rate)} req/s, p50 ${nest.p50} ms, p99 ${nest.p99} ms`);
  console.log(`  plain node:http: ${fmt(bare.rate)} req/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms`);
  compareLine(`framework floor, no-op, ${CONNECTIONS} conn`, nest, bare);
} finally {
  await stack.stop();
}
