// The bare equivalents the benchmarks hold the product against: each a plain node:http server
// with its own pg Pool (no framework, no ORM, no middleware), doing the same SQL as the product's
// hot path on the same database. Each start* function listens on port 0 and resolves {url, close}.
//
// A benchmark runs them in a child process (startInChild), as the API runs in its own: the load
// generator then never shares an event loop with the server it measures.
import { fork } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';

const MCC_CATEGORIES = { 5411: 'FOOD', 5412: 'FOOD', 5811: 'MEAL', 5812: 'MEAL' };
const normalizeMerchant = (name) => name.trim().replace(/\s+/g, ' ').toUpperCase();

/** Reads a JSON body; resolves undefined when it does not parse. */
function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', reject);
  });
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A server whose every request goes to `handle(req, res)`; a failure answers 500 with its message. */
function serve(handle, pool) {
  let failed = 0;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!failed++) process.stderr.write(`bare server: ${error.stack}\n`);
      send(res, 500, { error: error.message });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: async () => {
          server.closeAllConnections();
          await new Promise((done) => server.close(done));
          await pool?.end();
        },
      }),
    );
  });
}

const poolOf = ({ databaseUrl, poolSize }) => new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5000 });

/** The framework floor without a framework: parses the JSON body, answers a constant. */
export function startFloor() {
  return serve(async (req, res) => {
    await readJson(req);
    send(res, 200, { code: '00' });
  });
}

/**
 * POST /api/v1/transactions: the same validation essentials, category (merchant table, then MCC),
 * payload fingerprint and deadline as the product, then the same `card_authorize_before(...)`
 * statement; a duplicate id that raced is asked again, as the product does.
 */
export async function startCard(options) {
  const pool = poolOf(options);
  const merchants = new Map((await pool.query('SELECT name, category FROM card_merchants')).rows.map((row) => [row.name, row.category]));
  const timeoutMs = options.timeoutMs ?? 2000;
  const call = (args) =>
    // A named prepared statement, as the product sends it.
    pool.query({
      name: 'card_authorize_before',
      text: 'SELECT code, balance, customer_id::text AS customer_id, replayed FROM card_authorize_before($1::timestamptz, $2, $3, $4::bigint, $5, $6, $7, $8)',
      values: args,
    });
  return serve(async (req, res) => {
    const body = await readJson(req);
    const account = body?.account ?? body?.accountId;
    const amount = body?.totalAmount ?? body?.amount;
    const cents = Math.round(Number(amount) * 100);
    const mcc = typeof body?.mcc === 'string' && /^\d{1,4}$/.test(body.mcc) ? body.mcc.padStart(4, '0') : undefined;
    if (typeof account !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(account) || !(cents > 0) || !mcc || typeof body.merchant !== 'string') return send(res, 200, { code: '07' });
    const category = merchants.get(normalizeMerchant(body.merchant)) || MCC_CATEGORIES[mcc] || 'CASH';
    const hash = createHash('sha256').update(JSON.stringify([account, String(cents), mcc, body.merchant])).digest('hex');
    const deadline = new Date(Date.now() + timeoutMs - Math.min(250, Math.floor(timeoutMs / 10))).toISOString();
    const args = [deadline, body.id ?? null, account, cents, mcc, body.merchant, category, hash];
    let result;
    try {
      result = await call(args);
    } catch (error) {
      if (error.code !== '23505' || !body.id) throw error;
      result = await call(args);
    }
    send(res, 200, { code: result.rows[0].code });
  }, pool);
}

/**
 * A job as pg-boss's own insert writes it: the queue's dead letter, expiry, retention and retry
 * policy, the id as given (a second insert of one id does nothing).
 */
const INSERT_JOB = `
  INSERT INTO pgboss.job (id, name, data, singleton_key, dead_letter, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
  SELECT $1::uuid, q.name, $3::jsonb, $4, q.dead_letter,
         coalesce(q.expire_seconds * interval '1 second', interval '15 minutes'),
         now() + coalesce(q.retention_minutes * interval '1 minute', interval '14 days'),
         coalesce(q.retry_limit, 2),
         CASE WHEN q.retry_backoff THEN greatest(coalesce(q.retry_delay, 0), 1) ELSE coalesce(q.retry_delay, 0) END,
         coalesce(q.retry_backoff, false), q.policy
  FROM pgboss.queue q WHERE q.name = $2
  ON CONFLICT DO NOTHING`;

/** The product's reading id: a UUID derived from kind, device and instant. */
function readingId(deviceId, takenAtMs) {
  const hex = createHash('sha256').update(`gyroscope|${deviceId}|${takenAtMs}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * POST /api/v1/telemetry/gyroscope accepted: the reading's id derived as the product derives it,
 * then one idempotent INSERT of its job into the same queue; 202 with the id.
 */
export function startReading(options) {
  const pool = poolOf(options);
  return serve(async (req, res) => {
    const body = await readJson(req);
    const deviceId = typeof body?.deviceId === 'string' ? body.deviceId.toUpperCase().replaceAll('-', ':') : undefined;
    const takenAt = typeof body?.timestamp === 'number' ? body.timestamp : Date.parse(body?.timestamp);
    const valid = deviceId && Number.isFinite(takenAt) && takenAt <= Date.now() + 300_000 && [body.x, body.y, body.z].every(Number.isFinite);
    if (!valid) return send(res, 400, { error: 'invalid reading' });
    const id = readingId(deviceId, takenAt);
    const message = { id, deviceId, takenAt: new Date(takenAt).toISOString(), receivedAt: new Date().toISOString(), sentBy: 'bare', requestId: null, x: body.x, y: body.y, z: body.z };
    await pool.query(INSERT_JOB, [id, 'telemetry.gyroscope', JSON.stringify(message), null]);
    send(res, 202, { id, kind: 'gyroscope', deviceId, takenAt: message.takenAt });
  }, pool);
}

/** GET /api/v1/customers/{id}/events/summary: the product's one statement (read from dist, prepared as the product prepares it), its rows as JSON. */
export function startSummary(options) {
  const pool = poolOf(options);
  // Read when started: dist exists by then (the benchmark builds it first).
  const { EVENTS_SUMMARY_SQL } = createRequire(import.meta.url)(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'customers', 'events.repository.js'));
  return serve(async (req, res) => {
    const id = /^\/api\/v1\/customers\/([0-9a-f-]{36})\/events\/summary$/.exec(req.url)?.[1];
    if (!id) return send(res, 404, { error: 'not found' });
    const { found, bureau, movements, purchase } = (await pool.query({ name: 'customer_events_summary', text: EVENTS_SUMMARY_SQL, values: [id, 5] })).rows[0];
    if (!found) return send(res, 404, { error: 'customer not found' });
    send(res, 200, { customerId: id, lastBureauQuery: bureau, recentMovements: movements, lastCardPurchase: purchase });
  }, pool);
}

/**
 * POST /api/v1/cashback: one transaction with the product's statements in its order: the CPF's
 * advisory lock, the customer by blind index (created with its profile and audit row when new),
 * the purchase, its items, the FINANCIAL_MOVEMENT event, the audit row and the delivery job.
 * The blind index is an HMAC as the product's; the encrypted columns hold a fixed stand-in, since
 * the point is the database work, not the cipher.
 */
export async function startCashback(options) {
  const pool = poolOf(options);
  const rates = new Map((await pool.query('SELECT code, rate_bps FROM product_types')).rows.map((row) => [row.code, row.rate_bps]));
  const blind = (cpf) => createHash('sha256').update(`bare-blind-index|${cpf}`).digest('hex');
  const cents = (value) => Math.round(Number(value) * 100);
  const SEALED = 'bare:fixed-cipher-text';
  const poster = { email: 'admin@demo.local', userId: 1 };
  return serve(async (req, res) => {
    const body = await readJson(req);
    const document = String(body?.customer?.document ?? '').replace(/\D/g, '');
    const products = Array.isArray(body?.products) ? body.products : [];
    if (document.length !== 11 || !products.length || products.some((item) => !rates.has(item.type))) return send(res, 400, { error: 'invalid purchase' });
    const items = products.map((item, index) => {
      const unitCents = cents(item.value);
      const rateBps = rates.get(item.type);
      return { line: index + 1, type: item.type, unitCents, qty: item.qty, rateBps, cashbackCents: Math.floor((unitCents * item.qty * rateBps + 5000) / 10000) };
    });
    const totalCents = cents(body.total);
    const cashbackCents = items.reduce((sum, item) => sum + item.cashbackCents, 0);
    const soldAt = new Date(`${body.sold_at.replace(' ', 'T')}Z`).toISOString();
    const id = randomUUID();
    const index = blind(document);
    const client = await pool.connect();
    let customerId;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [index]);
      customerId = (await client.query('SELECT id FROM customers WHERE cpf_index = $1', [index])).rows[0]?.id;
      const created = !customerId;
      if (created) {
        customerId = randomUUID();
        await client.query(
          `INSERT INTO customers (id, cpf_index, cpf_enc, name_enc, address_enc, debts_enc, enc_key_id, pseudonym, updated_at) VALUES ($1, $2, $3, $3, $3, $3, 'bare', gen_random_uuid(), now())`,
          [customerId, index, SEALED],
        );
        await client.query(`INSERT INTO customer_profiles (customer_id, birth_date, region) VALUES ($1, NULL, 'null'::jsonb)`, [customerId]);
        await client.query(
          `INSERT INTO audit_events (actor_user_id, actor, action, entity_type, entity_id, changes) VALUES ($1, $2, 'customer.create', 'customer', $3, $4)`,
          [poster.userId, poster.email, customerId, JSON.stringify({ cpf: '[redacted]', name: '[redacted]' })],
        );
      }
      const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      await client.query(
        `INSERT INTO cashback_purchases (id, customer_id, document_index, document_enc, sold_at, total_cents, cashback_cents, status, request_hash, raw_payload_enc, posted_by, posted_by_user_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $4, $9, $10, now())`,
        [id, customerId, index, SEALED, soldAt, totalCents, cashbackCents, requestHash, poster.email, poster.userId],
      );
      await client.query(
        `INSERT INTO cashback_items (purchase_id, line, type_code, unit_cents, qty, rate_bps, cashback_cents)
         SELECT $1, * FROM unnest($2::int[], $3::varchar[], $4::bigint[], $5::int[], $6::int[], $7::bigint[])`,
        [id, ...['line', 'type', 'unitCents', 'qty', 'rateBps', 'cashbackCents'].map((key) => items.map((item) => item[key]))],
      );
      await client.query(`INSERT INTO customer_events (customer_id, type, occurred_at, amount_cents, details) VALUES ($1, 'FINANCIAL_MOVEMENT', $2, $3, $4)`, [
        customerId,
        soldAt,
        -totalCents,
        JSON.stringify({ source: 'purchase', purchaseId: id, merchant: poster.email, cashback: (cashbackCents / 100).toFixed(2) }),
      ]);
      await client.query(
        `INSERT INTO audit_events (actor_user_id, actor, action, entity_type, entity_id, changes) VALUES ($1, $2, 'cashback.purchase.create', 'cashback-purchase', $3, $4)`,
        [poster.userId, poster.email, id, JSON.stringify({ total: { to: (totalCents / 100).toFixed(2) }, cashback: { to: (cashbackCents / 100).toFixed(2) }, customer: { to: created ? 'created' : 'existing' } })],
      );
      await client.query(INSERT_JOB, [randomUUID(), 'cashback-delivery', JSON.stringify({ purchaseId: id }), id]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    send(res, 201, { id, customerId, total: (totalCents / 100).toFixed(2), cashback: (cashbackCents / 100).toFixed(2), status: 'PENDING', soldAt });
  }, pool);
}

const SERVERS = { floor: startFloor, card: startCard, reading: startReading, summary: startSummary, cashback: startCashback };

/**
 * A server started in a child process that sends {url} over IPC when it listens and stops on any
 * message after that; resolves {url, pid, close}.
 */
export function childServer(child, name) {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    child.once('message', ({ url }) =>
      resolve({
        url,
        pid: child.pid,
        close: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', done);
            child.send('close');
          }),
      }),
    );
  });
}

/** Starts one of the servers above in a child process; resolves {url, pid, close}. */
export function startInChild(name, options = {}) {
  const child = fork(fileURLToPath(import.meta.url), [name, JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return childServer(child, `bare server ${name}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const [name, options] = process.argv.slice(2);
  const server = await SERVERS[name](JSON.parse(options));
  process.on('message', async () => {
    await server.close();
    process.exit(0);
  });
  process.send({ url: server.url });
}
