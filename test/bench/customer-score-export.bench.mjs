// GET /api/v1/customers/score-data/export: rows per second, and proof of constant memory: the
// largest export runs again in an API whose JavaScript heap is capped far below the export's size.
import { apiProcesses, currentRssMiB, fmt, peakRssMiB, startStack } from './support.mjs';

const SIZES = (process.env.BENCH_EXPORT_SIZES ?? '20000,200000').split(',').map(Number);
const HEAP_CAP_MIB = 96;

async function exportOnce(stack, token) {
  const started = Date.now();
  const response = await fetch(`${stack.base}/api/v1/customers/score-data/export`, { headers: { authorization: `Bearer ${token}` } });
  let lines = 0;
  let bytes = 0;
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    bytes += chunk.length;
    lines += (decoder.decode(chunk, { stream: true }).match(/\n/g) ?? []).length;
  }
  const expected = Number((await stack.db.query('SELECT count(*) FROM customers')).rows[0].count);
  if (lines !== expected) {
    console.log(`  expected ${expected} lines, got ${lines}`);
    process.exitCode = 1;
  }
  return { lines, bytes, seconds: (Date.now() - started) / 1000 };
}

const stack = await startStack({ name: 'score-export' });
try {
  let token = await stack.startApi();
  let loaded = 0;
  console.log(`GET /api/v1/customers/score-data/export, ${apiProcesses()} (RSS after start ${fmt(currentRssMiB(stack.apiPid), 1)} MiB):`);
  for (const size of SIZES) {
    await stack.db.query(`
      WITH c AS (
        INSERT INTO customers (id, cpf_index, cpf_enc, name_enc, address_enc, debts_enc, enc_key_id, pseudonym, updated_at)
        SELECT gen_random_uuid(), md5(g::text) || md5((g * 7)::text), 'x', 'x', 'x', 'x', 'bench', gen_random_uuid(), now()
        FROM generate_series($1::int + 1, $1::int + $2::int) g
        RETURNING id)
      INSERT INTO customer_profiles (customer_id, birth_date, region, assets, income_sources)
      SELECT id, date '1980-01-01' + (random() * 12000)::int, '{"city":"São Paulo","state":"SP","postalCode":"01310100"}',
             '[{"type":"REAL_ESTATE","description":"Apartamento","valueCents":"35000000"},{"type":"VEHICLE","description":"Carro","valueCents":"4500000"}]',
             '[{"source":"Salário","monthlyAmountCents":"850000"}]'
      FROM c`, [loaded, size - loaded]);
    loaded = size;
    const { lines, bytes, seconds } = await exportOnce(stack, token);
    console.log(`  ${fmt(lines).padStart(7)} rows: ${fmt(bytes / 1048576, 1)} MiB in ${fmt(seconds, 2)} s (${fmt(lines / seconds)} rows/s); API peak RSS so far ${fmt(peakRssMiB(stack.apiPid), 1)} MiB`);
  }

  token = await stack.startApi({ nodeArgs: [`--max-old-space-size=${HEAP_CAP_MIB}`] });
  const before = peakRssMiB(stack.apiPid);
  const { lines, bytes, seconds } = await exportOnce(stack, token);
  console.log(`  again with the heap capped at ${HEAP_CAP_MIB} MiB: ${fmt(lines)} rows, ${fmt(bytes / 1048576, 1)} MiB in ${fmt(seconds, 2)} s; peak RSS ${fmt(before, 1)} MiB before, ${fmt(peakRssMiB(stack.apiPid), 1)} MiB after`);
} finally {
  await stack.stop();
}
