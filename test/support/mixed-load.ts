import { randomBytes } from 'node:crypto';
import type { Balances } from '../../src/card-authorization/accounts.repository';
import { cpfFromBase } from '../../src/customers/cpf';
import { Claim } from '../../src/platform/auth/claims';
import { formatCents } from '../../src/platform/money';
import { SeedService } from '../../src/seed/seed.service';
import { readingId, ReadingKind } from '../../src/telemetry/telemetry-fields';
import { createTestApp, TestApp } from './app';
import { createUserWithClaims } from './auth';
import { FakeCashbackApi } from './fake-cashback-api';
import { sharedEnv } from './processes';
import { seededRandom } from './random';
import { eventually } from './wait';

/**
 * Mixed HTTP load for the reliability suites: card authorizations, cashback purchases and telemetry
 * readings, sent by a pool of concurrent workers to one or more compiled API processes. Every
 * request and what became of it (an answer, or lost with the connection) is recorded for the
 * invariant checks in reliability-checks.ts.
 */

export const HOT_ACCOUNT = 'hot';

/** Opening balances in cents, small enough that a share of the authorizations is refused. */
export const OPENING_BALANCES: Record<string, Balances> = {
  [HOT_ACCOUNT]: { FOOD: 0n, MEAL: 15_000n, CASH: 5_000n },
  'acct-1': { FOOD: 3_000n, MEAL: 2_000n, CASH: 1_000n },
  'acct-2': { FOOD: 2_000n, MEAL: 3_000n, CASH: 500n },
  'acct-3': { FOOD: 4_000n, MEAL: 0n, CASH: 2_000n },
  'acct-4': { FOOD: 1_000n, MEAL: 1_000n, CASH: 1_000n },
};

const OTHER_ACCOUNTS = Object.keys(OPENING_BALANCES).filter((id) => id !== HOT_ACCOUNT);
const MCCS = ['5411', '5412', '5811', '5812', '5999', '4121'];
const DEVICES = Array.from({ length: 6 }, (_, i) => `AA:BB:CC:00:00:${String(i + 10)}`);
/** The CPFs purchases are made for: few enough that concurrent purchases share new customers. */
const CPFS = Array.from({ length: 20 }, (_, i) => cpfFromBase(String(310_000_000 + i * 7919)));
const PRODUCT_TYPES = ['A', 'B', 'C'];

export interface AuthorizationOp {
  kind: 'authorization';
  path: string;
  body: { id: string; account: string; totalAmount: number; mcc: string; merchant: string };
  amountCents: bigint;
}

export interface PurchaseOp {
  kind: 'purchase';
  path: string;
  key: string;
  body: { sold_at: string; customer: { document: string; name: string }; total: string; products: Array<{ type: string; value: string; qty: number }> };
  totalCents: bigint;
}

export interface ReadingOp {
  kind: 'reading';
  path: string;
  body: object;
  /** The ids the API must answer, derived from kind, device and instant as the API derives them. */
  readings: Array<{ kind: ReadingKind; id: string }>;
}

export type Operation = (AuthorizationOp | PurchaseOp | ReadingOp) & {
  seq: number;
  /** How many times the same request is sent at once, each to another process (a client's retry). */
  sends: number;
};

export type Reply =
  | { target: number; status: number; body: any; replayed: boolean }
  | { target: number; status?: undefined; lost: 'in-flight' | 'not-sent'; error: string };

export interface OpRecord<T extends Operation = Operation> {
  op: T;
  replies: Reply[];
}

export const answered = (record: OpRecord): Array<Extract<Reply, { status: number }>> => record.replies.filter((reply): reply is Extract<Reply, { status: number }> => reply.status !== undefined);

export interface LoadOptions {
  /** Share of the authorizations that go to the hot account. */
  hotShare: number;
  /** Every n-th operation is sent to every process at once (0: never). */
  duplicateEvery: number;
}

/**
 * Queue settings of the in-test application and of the API processes under load: fast retries,
 * and work held by a process that died picked up again within seconds.
 */
const QUEUE_SETTINGS = {
  CASHBACK_API_TIMEOUT_MS: '1000',
  CASHBACK_DELIVERY_RETRY_LIMIT: '20',
  CASHBACK_DELIVERY_RETRY_DELAY_SECONDS: '1',
  TELEMETRY_RETRY_LIMIT: '10',
  TELEMETRY_RETRY_DELAY_SECONDS: '1',
  TELEMETRY_JOB_TIMEOUT_SECONDS: '5',
  QUEUE_MAINTENANCE_INTERVAL_SECONDS: '1',
};

/** The callers (one per kind of client) and the accounts, created through the real API. */
export interface LoadFixture {
  tokens: Record<Operation['kind'], string>;
  /** The e-mail purchases are posted under (idempotency keys are scoped to it). */
  erp: string;
}

export interface LoadTestBed {
  /** The in-test application on the suite's fresh database, for setting up and checking. */
  t: TestApp;
  receiver: FakeCashbackApi;
  fixture: LoadFixture;
  /** Settings for API processes on that database, delivering to the receiver. */
  env: Record<string, string | undefined>;
}

/**
 * For the enclosing describe: a fresh database with the load's callers and accounts, a fake
 * cashback API, and the settings API processes under load run with (filled in by beforeAll).
 */
export function loadTestBed(): LoadTestBed {
  const bed = { receiver: new FakeCashbackApi() } as LoadTestBed;
  beforeAll(async () => {
    bed.t = await createTestApp({ env: QUEUE_SETTINGS });
    bed.fixture = await prepareLoad(bed.t);
    bed.env = sharedEnv(bed.t.database.url, {
      ...QUEUE_SETTINGS,
      DATABASE_SEED_ON_START: 'false',
      CASHBACK_DELIVERY_ENABLED: 'true',
      CASHBACK_API_URL: await bed.receiver.start(),
      TELEMETRY_CONSUMERS_ENABLED: 'true',
      THROTTLE_LIMIT: '1000000',
    });
  });
  afterAll(async () => {
    await bed.t?.close();
    await bed.receiver.stop();
  });
  return bed;
}

async function prepareLoad(t: TestApp): Promise<LoadFixture> {
  await t.app.get(SeedService).run();
  const [network, erp, device, manager] = await Promise.all([
    createUserWithClaims(t, [Claim.CardsAuthorize]),
    createUserWithClaims(t, [Claim.CashbackWrite]),
    createUserWithClaims(t, [Claim.TelemetryWrite]),
    createUserWithClaims(t, [Claim.CardsManage]),
  ]);
  for (const [id, balances] of Object.entries(OPENING_BALANCES)) {
    await t.http
      .post('/api/v1/accounts')
      .set(manager.auth)
      .send({ id, balances: { FOOD: formatCents(balances.FOOD), MEAL: formatCents(balances.MEAL), CASH: formatCents(balances.CASH) } })
      .expect(201);
  }
  return { tokens: { authorization: network.token, purchase: erp.token, reading: device.token }, erp: erp.email };
}

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];

/** Operation number `seq` of a run: about half authorizations, a fifth purchases, the rest readings. */
export function operationFactory(options: LoadOptions): (seq: number) => Operation {
  const run = randomBytes(3).toString('hex');
  // Readings were taken in the last hour; each operation owns a 10 ms slot, so ids never collide.
  const firstReadingAt = Date.now() - 3_600_000;
  const soldAt = new Date(Date.now() - 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
  return (seq) => {
    const rnd = seededRandom(seq * 7919 + 17);
    const sends = options.duplicateEvery > 0 && seq % options.duplicateEvery === options.duplicateEvery - 1 ? 3 : 1;
    const roll = rnd();
    if (roll < 0.5) {
      const amountCents = BigInt(100 + Math.floor(rnd() * 800));
      const account = rnd() < options.hotShare ? HOT_ACCOUNT : pick(rnd, OTHER_ACCOUNTS);
      return {
        seq,
        sends,
        kind: 'authorization',
        path: '/api/v1/transactions',
        body: { id: `tx-${run}-${seq}`, account, totalAmount: Number(amountCents) / 100, mcc: pick(rnd, MCCS), merchant: 'LOJA QUALQUER' },
        amountCents,
      };
    }
    if (roll < 0.7) {
      const products = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({ type: pick(rnd, PRODUCT_TYPES), unit: BigInt(100 + Math.floor(rnd() * 5000)), qty: 1 + Math.floor(rnd() * 3) }));
      const totalCents = products.reduce((sum, product) => sum + product.unit * BigInt(product.qty), 0n);
      const document = pick(rnd, CPFS);
      return {
        seq,
        sends,
        kind: 'purchase',
        path: '/api/v1/cashback',
        key: `purchase-${run}-${seq}`,
        body: {
          sold_at: soldAt,
          customer: { document, name: `CLIENTE ${document.slice(0, 3)}` },
          total: formatCents(totalCents),
          products: products.map((product) => ({ type: product.type, value: formatCents(product.unit), qty: product.qty })),
        },
        totalCents,
      };
    }
    const deviceId = pick(rnd, DEVICES);
    const at = (slot: number) => firstReadingAt + seq * 10 + slot;
    const gyroscope = (slot: number) => ({ x: rnd() - 0.5, y: rnd() - 0.5, z: 9.81, timestamp: at(slot) });
    const gps = (slot: number) => ({ latitude: -23.5 - rnd() / 10, longitude: -46.6 - rnd() / 10, timestamp: new Date(at(slot)).toISOString() });
    const id = (kind: ReadingKind, slot: number) => ({ kind, id: readingId(kind, deviceId, new Date(at(slot))) });
    const sub = rnd();
    if (sub < 0.4) return { seq, sends, kind: 'reading', path: '/api/v1/telemetry/gyroscope', body: { deviceId, ...gyroscope(0) }, readings: [id('gyroscope', 0)] };
    if (sub < 0.7) return { seq, sends, kind: 'reading', path: '/api/v1/telemetry/gps', body: { deviceId, ...gps(0) }, readings: [id('gps', 0)] };
    const kinds: ReadingKind[] = Array.from({ length: 2 + Math.floor(rnd() * 6) }, () => (rnd() < 0.5 ? 'gyroscope' : 'gps'));
    return {
      seq,
      sends,
      kind: 'reading',
      path: '/api/v1/telemetry/batch',
      body: { deviceId, readings: kinds.map((kind, slot) => (kind === 'gyroscope' ? { type: kind, ...gyroscope(slot) } : { type: kind, ...gps(slot) })) },
      readings: kinds.map((kind, slot) => id(kind, slot)),
    };
  };
}

async function send(url: string, target: number, op: Operation, token: string): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  if (op.kind === 'purchase') headers['idempotency-key'] = op.key;
  try {
    const res = await fetch(`${url}${op.path}`, { method: 'POST', headers, body: JSON.stringify(op.body) });
    const text = await res.text();
    return { target, status: res.status, body: text ? JSON.parse(text) : undefined, replayed: res.headers.get('idempotent-replayed') === 'true' };
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    // A refused connection never reached a process; anything else may have been handled in part.
    return { target, lost: code === 'ECONNREFUSED' ? 'not-sent' : 'in-flight', error: code };
  }
}

/**
 * Workers that each send one operation at a time, round-robin over the processes, until stopped.
 * `pause()` holds new requests (the API is down) without touching those in flight; `resume()` lets
 * them go on to the processes given.
 */
export class LoadDriver {
  readonly records: OpRecord[] = [];
  private seq = 0;
  private stopping = false;
  private gate?: { promise: Promise<void>; open: () => void };
  private workers: Promise<void>[] = [];

  constructor(
    private readonly next: (seq: number) => Operation,
    private readonly fixture: LoadFixture,
    private urls: string[],
  ) {}

  start(workers: number): void {
    this.workers = Array.from({ length: workers }, () => this.work());
  }

  /** Operations whose every request got an answer. */
  get answeredCount(): number {
    return this.records.filter((record) => record.replies.every((reply) => reply.status !== undefined)).length;
  }

  /** Waits until `count` more operations have been answered than when called. */
  async answerMore(count: number, timeoutMs = 40_000): Promise<void> {
    const goal = this.answeredCount + count;
    await eventually(async () => this.answeredCount >= goal, timeoutMs, `${count} more answered operations`);
  }

  pause(): void {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
  }

  resume(urls: string[]): void {
    this.urls = urls;
    const gate = this.gate;
    this.gate = undefined;
    gate?.open();
  }

  async stop(): Promise<OpRecord[]> {
    this.stopping = true;
    this.resume(this.urls);
    await Promise.all(this.workers);
    return this.records;
  }

  private async work(): Promise<void> {
    for (;;) {
      while (this.gate) await this.gate.promise;
      if (this.stopping) return;
      const op = this.next(this.seq++);
      const urls = this.urls;
      const replies = await Promise.all(
        Array.from({ length: op.sends }, (_, k) => {
          const target = (op.seq + k) % urls.length;
          return send(urls[target], target, op, this.fixture.tokens[op.kind]);
        }),
      );
      this.records.push({ op, replies });
    }
  }
}
