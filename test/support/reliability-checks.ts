import type { Balances } from '../../src/card-authorization/accounts.repository';
import { CATEGORIES } from '../../src/card-authorization/category-resolver';
import { CASHBACK_DELIVERY_DEAD_LETTER, CASHBACK_DELIVERY_QUEUE } from '../../src/cashback/delivery.constants';
import { normalizeCpf } from '../../src/customers/cpf';
import { PrismaService } from '../../src/platform/database/prisma.service';
import { formatCents } from '../../src/platform/money';
import { TELEMETRY_QUEUES } from '../../src/telemetry/telemetry.constants';
import { FakeCashbackApi } from './fake-cashback-api';
import { answered, HOT_ACCOUNT, OPENING_BALANCES, OpRecord, Operation } from './mixed-load';

/**
 * The invariants the reliability suites hold the product to after mixed load, crashes included.
 * Each check answers what it counted and every violation it found, in words, so that a failing
 * run says what went wrong rather than which number differed.
 */

const WORK_QUEUES = [CASHBACK_DELIVERY_QUEUE, TELEMETRY_QUEUES.gyroscope.queue, TELEMETRY_QUEUES.gps.queue];
const DEAD_LETTER_QUEUES = [CASHBACK_DELIVERY_DEAD_LETTER, TELEMETRY_QUEUES.gyroscope.deadLetter, TELEMETRY_QUEUES.gps.deadLetter];

export interface Tally {
  /** Operations answered with success (approved, 201, 202). */
  accepted: number;
  /** Operations answered with a refusal (51 for authorizations; any other answer is a violation). */
  refused: number;
  /** Operations none of whose requests was answered: the process died with them in flight. */
  lost: number;
  /** Of the lost operations, those that took effect anyway. */
  landed: number;
}

export interface CheckResult<T extends Tally = Tally> {
  tally: T;
  violations: string[];
}

const ofKind = <K extends Operation['kind']>(records: OpRecord[], kind: K) => records.filter((record): record is OpRecord<Extract<Operation, { kind: K }>> => record.op.kind === kind);

/** Counts an operation none of whose requests was answered; one never sent must not have taken effect. */
function countLost(tally: Tally, violations: string[], record: OpRecord, tookEffect: boolean, what: string): void {
  tally.lost += 1;
  if (!tookEffect) return;
  tally.landed += 1;
  if (record.replies.every((reply) => reply.status === undefined && reply.lost === 'not-sent')) violations.push(`${what} was never sent but took effect`);
}

/**
 * The ledger agrees with the balances (opening credits − approved debits = balance, per account
 * and category, none negative); each approved answer is in the ledger once, as approved; nothing
 * refused was debited; duplicates of one id got one answer; nothing never sent took effect.
 */
async function checkAuthorizations(prisma: PrismaService, records: OpRecord[]): Promise<CheckResult<Tally & { hotApprovedCents: bigint; hotDropCents: bigint }>> {
  const violations: string[] = [];
  const tally = { accepted: 0, refused: 0, lost: 0, landed: 0, hotApprovedCents: 0n, hotDropCents: 0n };
  const ledger = await prisma.cardLedgerEntry.findMany();
  const authorizations = new Map(ledger.filter((entry) => entry.kind === 'AUTHORIZATION').map((entry) => [entry.id, entry]));
  const mine = ofKind(records, 'authorization');
  const sent = new Set(mine.map((record) => record.op.body.id));

  for (const record of mine) {
    const op = record.op;
    const entry = authorizations.get(op.body.id);
    const replies = answered(record);
    const codes = [...new Set(replies.map((reply) => (reply.status === 200 ? reply.body?.code : `HTTP ${reply.status}`)))];
    if (entry && (entry.accountId !== op.body.account || entry.amountCents !== op.amountCents)) violations.push(`authorization ${op.body.id}: ledger row does not match the request`);
    if (!replies.length) {
      countLost(tally, violations, record, !!entry, `authorization ${op.body.id}`);
      if (entry?.code === '00' && entry.accountId === HOT_ACCOUNT) tally.hotApprovedCents += op.amountCents;
      continue;
    }
    if (codes.length !== 1) violations.push(`authorization ${op.body.id} sent ${op.sends} times got different answers: ${codes.join(', ')}`);
    const code = codes[0];
    if (code !== '00' && code !== '51') {
      violations.push(`authorization ${op.body.id} answered ${code}: ${JSON.stringify(replies[0].body)}`);
      continue;
    }
    if (code === '00') tally.accepted += 1;
    else tally.refused += 1;
    if (!entry) violations.push(`authorization ${op.body.id} answered ${code} is not in the ledger`);
    else if (entry.code !== code) violations.push(`authorization ${op.body.id} answered ${code}, ledger says ${entry.code}`);
    else if (code === '00' && entry.balance === null) violations.push(`authorization ${op.body.id} approved without a debited balance`);
    else if (code === '51' && entry.balance !== null) violations.push(`authorization ${op.body.id} refused but debited from ${entry.balance}`);
    if (code === '00' && op.body.account === HOT_ACCOUNT) tally.hotApprovedCents += op.amountCents;
  }
  for (const id of authorizations.keys()) if (!sent.has(id)) violations.push(`ledger holds authorization ${id}, which nobody sent`);

  // The accounts the load opened (the demo data's account 123 is no part of it).
  const accounts = await prisma.cardAccount.findMany({ where: { id: { in: Object.keys(OPENING_BALANCES) } } });
  for (const account of accounts) {
    const now: Balances = { FOOD: account.foodCents, MEAL: account.mealCents, CASH: account.cashCents };
    const opening = OPENING_BALANCES[account.id];
    for (const category of CATEGORIES) {
      const credits = ledger.filter((e) => e.accountId === account.id && e.kind === 'CREDIT' && e.balance === category).reduce((sum, e) => sum + e.amountCents, 0n);
      const debits = ledger.filter((e) => e.accountId === account.id && e.kind === 'AUTHORIZATION' && e.code === '00' && e.balance === category).reduce((sum, e) => sum + e.amountCents, 0n);
      if (now[category] < 0n) violations.push(`account ${account.id} ${category} is negative: ${now[category]}`);
      if (credits !== opening[category]) violations.push(`account ${account.id} ${category}: ledger credits ${credits}, opened with ${opening[category]}`);
      if (credits - debits !== now[category]) violations.push(`account ${account.id} ${category}: credits ${credits} − approved debits ${debits} ≠ balance ${now[category]}`);
    }
    if (account.id === HOT_ACCOUNT) tally.hotDropCents = CATEGORIES.reduce((sum, c) => sum + opening[c] - now[c], 0n);
  }
  if (tally.hotApprovedCents !== tally.hotDropCents) violations.push(`hot account: approved ${tally.hotApprovedCents} cents but its balances dropped by ${tally.hotDropCents}`);
  return { tally, violations };
}

/** The parts of a purchase's answer that a replay must repeat (delivery progress moves on). */
const identity = (body: any) => JSON.stringify({ ...body, status: undefined, attempts: undefined, deliveredAt: undefined });

/**
 * Every purchase answered 201 is stored whole (items, customer event, audit record) and ends
 * DELIVERED, received by the cashback API; replays of one Idempotency-Key answered the same
 * purchase; a purchase lost in flight is whole or absent; nothing stored that nobody sent.
 */
async function checkPurchases(prisma: PrismaService, records: OpRecord[], poster: string, receiver: FakeCashbackApi): Promise<CheckResult<Tally & { duplicates: number }>> {
  const violations: string[] = [];
  const tally = { accepted: 0, refused: 0, lost: 0, landed: 0, duplicates: receiver.duplicates };
  const purchases = await prisma.cashbackPurchase.findMany({ include: { items: { orderBy: { line: 'asc' } }, _count: { select: { deliveries: true } } } });
  const byKey = new Map(purchases.map((purchase) => [purchase.idempotencyKey, purchase]));
  const events = await countsBy(prisma, `SELECT details->>'purchaseId' AS key, count(*) AS n FROM customer_events WHERE type = 'FINANCIAL_MOVEMENT' GROUP BY 1`);
  const audits = await countsBy(prisma, `SELECT entity_id AS key, count(*) AS n FROM audit_events WHERE action = 'cashback.purchase.create' GROUP BY 1`);
  const received = new Map<string, Array<{ document: string; cashback: string }>>();
  for (const delivery of receiver.received) received.set(delivery.idempotencyKey ?? '', [...(received.get(delivery.idempotencyKey ?? '') ?? []), delivery]);
  const mine = ofKind(records, 'purchase');
  const keys = new Set(mine.map((record) => record.op.key));

  for (const record of mine) {
    const op = record.op;
    const purchase = byKey.get(op.key);
    const replies = answered(record);
    if (!replies.length) {
      countLost(tally, violations, record, !!purchase, `purchase ${op.key}`);
    } else {
      const bad = replies.find((reply) => reply.status !== 201);
      if (bad) {
        tally.refused += 1;
        violations.push(`purchase ${op.key} answered ${bad.status}: ${JSON.stringify(bad.body)}`);
        continue;
      }
      tally.accepted += 1;
      if (new Set(replies.map((reply) => identity(reply.body))).size !== 1) violations.push(`purchase ${op.key} sent ${op.sends} times: the replays answered another purchase (${replies.map((r) => r.body.id).join(', ')})`);
      if (replies.filter((reply) => !reply.replayed).length > 1) violations.push(`purchase ${op.key}: ${replies.length} answers, more than one not marked as a replay`);
      if (!purchase) violations.push(`purchase ${op.key} answered 201 (${replies[0].body.id}) is not stored`);
      else if (purchase.id !== replies[0].body.id) violations.push(`purchase ${op.key} answered ${replies[0].body.id}, stored as ${purchase.id}`);
    }
    if (!purchase) continue;
    const items = purchase.items.map((item) => `${item.typeCode}:${formatCents(item.unitCents)}x${item.qty}`).join(',');
    const expected = op.body.products.map((product) => `${product.type}:${product.value}x${product.qty}`).join(',');
    if (items !== expected) violations.push(`purchase ${purchase.id} stored half: items ${items || '(none)'} instead of ${expected}`);
    if (purchase.totalCents !== op.totalCents) violations.push(`purchase ${purchase.id}: total ${purchase.totalCents}, sent ${op.totalCents}`);
    if (events.get(purchase.id) !== 1) violations.push(`purchase ${purchase.id}: ${events.get(purchase.id) ?? 0} FINANCIAL_MOVEMENT events instead of 1`);
    if (audits.get(purchase.id) !== 1) violations.push(`purchase ${purchase.id}: ${audits.get(purchase.id) ?? 0} audit records instead of 1`);
    if (purchase.status !== 'DELIVERED' || !purchase.deliveredAt) violations.push(`purchase ${purchase.id} ended ${purchase.status}, not DELIVERED`);
    if (purchase.attempts !== purchase._count.deliveries) violations.push(`purchase ${purchase.id}: attempts says ${purchase.attempts}, ${purchase._count.deliveries} attempt rows`);
    const deliveries = received.get(purchase.id) ?? [];
    if (!deliveries.length) violations.push(`purchase ${purchase.id} never reached the cashback API`);
    const document = normalizeCpf(op.body.customer.document);
    for (const delivery of deliveries) {
      if (delivery.document !== document || delivery.cashback !== formatCents(purchase.cashbackCents)) violations.push(`purchase ${purchase.id} delivered as ${JSON.stringify(delivery)}`);
    }
  }
  for (const purchase of purchases) if (!keys.has(purchase.idempotencyKey ?? '') || purchase.postedBy !== poster) violations.push(`purchase ${purchase.id} stored, but nobody sent it`);
  const stored = new Set(purchases.map((purchase) => purchase.id));
  for (const key of received.keys()) if (!stored.has(key)) violations.push(`the cashback API received ${key}, which is not a stored purchase`);
  return { tally, violations };
}

/**
 * Every reading answered 202 is stored exactly once under the id it was answered with; a call lost
 * in flight stored all of its readings or none; nothing stored that nobody sent.
 */
async function checkReadings(prisma: PrismaService, records: OpRecord[]): Promise<CheckResult<Tally & { readings: number }>> {
  const violations: string[] = [];
  const tally = { accepted: 0, refused: 0, lost: 0, landed: 0, readings: 0 };
  const stored = {
    gyroscope: await countsBy(prisma, `SELECT id::text AS key, count(*) AS n FROM gyroscope_readings GROUP BY 1`),
    gps: await countsBy(prisma, `SELECT id::text AS key, count(*) AS n FROM gps_readings GROUP BY 1`),
  };
  const mine = ofKind(records, 'reading');
  const sent = new Set(mine.flatMap((record) => record.op.readings.map((reading) => reading.id)));

  for (const record of mine) {
    const op = record.op;
    const counts = op.readings.map((reading) => stored[reading.kind].get(reading.id) ?? 0);
    const replies = answered(record);
    if (!replies.length) {
      countLost(tally, violations, record, counts.some((n) => n > 0), `${op.path} #${op.seq}`);
      if (counts.some((n) => n > 1) || (counts.some((n) => n === 0) && counts.some((n) => n === 1))) violations.push(`${op.path} #${op.seq} lost in flight stored ${counts.join(',')} of its readings: all once or none`);
      continue;
    }
    const bad = replies.find((reply) => reply.status !== 202);
    if (bad) {
      tally.refused += 1;
      violations.push(`${op.path} #${op.seq} answered ${bad.status}: ${JSON.stringify(bad.body)}`);
      continue;
    }
    tally.accepted += 1;
    tally.readings += op.readings.length;
    const expected = op.readings.map((reading) => reading.id).join(',');
    for (const reply of replies) {
      const ids = (reply.body.readings ?? [reply.body]).map((reading: { id: string }) => reading.id).join(',');
      if (ids !== expected) violations.push(`${op.path} #${op.seq} answered ids ${ids}, expected ${expected}`);
    }
    op.readings.forEach((reading, i) => {
      if (counts[i] !== 1) violations.push(`${reading.kind} reading ${reading.id} answered 202 is stored ${counts[i]} times`);
    });
  }
  for (const kind of ['gyroscope', 'gps'] as const) for (const id of stored[kind].keys()) if (!sent.has(id)) violations.push(`${kind} reading ${id} stored, but nobody sent it`);
  return { tally, violations };
}

async function countsBy(prisma: PrismaService, sql: string): Promise<Map<string, number>> {
  const rows = await prisma.$queryRawUnsafe<Array<{ key: string; n: bigint }>>(sql);
  return new Map(rows.map((row) => [row.key, Number(row.n)]));
}

async function queueState(prisma: PrismaService): Promise<{ open: string[]; pendingPurchases: number }> {
  const rows = await prisma.$queryRawUnsafe<Array<{ name: string; state: string; n: bigint }>>(
    `SELECT name, state::text AS state, count(*) AS n FROM pgboss.job WHERE name = ANY($1::text[]) AND state < 'completed' GROUP BY 1, 2 ORDER BY 1, 2`,
    WORK_QUEUES,
  );
  const pendingPurchases = await prisma.cashbackPurchase.count({ where: { status: 'PENDING' } });
  return { open: rows.map((row) => `${row.name} ${row.state}: ${row.n}`), pendingPurchases };
}

/**
 * Waits until no job is waiting, retrying or running in the work queues and no purchase is
 * PENDING. A purchase left PENDING with no job to deliver it is stuck: the wait then fails saying so.
 */
export async function waitForQueuesToDrain(prisma: PrismaService, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queueState(prisma);
    if (!state.open.length && !state.pendingPurchases) return;
    if (Date.now() > deadline) {
      throw new Error(`queues not drained after ${timeoutMs} ms: jobs [${state.open.join('; ')}], ${state.pendingPurchases} purchases PENDING${state.open.length ? '' : ' with no job left (stuck)'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Jobs of the work queues: every one completed, none dead-lettered. With `once`, each was also
 * taken exactly once (no retry, no expiry after a worker lost it) and each purchase delivered in
 * one attempt.
 */
async function checkJobs(prisma: PrismaService, { once }: { once: boolean }): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<Array<{ name: string; state: string; retried: boolean; n: bigint }>>(
    `SELECT name, state::text AS state, retry_count > 0 AS retried, count(*) AS n FROM pgboss.job WHERE name = ANY($1::text[]) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [...WORK_QUEUES, ...DEAD_LETTER_QUEUES],
  );
  const violations: string[] = [];
  for (const row of rows) {
    if (DEAD_LETTER_QUEUES.includes(row.name)) violations.push(`${row.n} job(s) dead-lettered in ${row.name}`);
    else if (row.state !== 'completed') violations.push(`${row.n} job(s) of ${row.name} ended ${row.state}`);
    else if (once && row.retried) violations.push(`${row.n} job(s) of ${row.name} were taken more than once`);
  }
  const retried = once ? await prisma.cashbackPurchase.count({ where: { attempts: { not: 1 } } }) : 0;
  if (retried) violations.push(`${retried} purchase(s) took more than one delivery attempt`);
  return violations;
}

export interface Results {
  authorizations: Tally & { hotApprovedCents: bigint; hotDropCents: bigint };
  purchases: Tally & { duplicates: number };
  readings: Tally & { readings: number };
}

/** Every check above on a run's records (after the queues drained): what each came to, and every violation. */
export async function checkInvariants(prisma: PrismaService, records: OpRecord[], poster: string, receiver: FakeCashbackApi, jobs: { once: boolean }): Promise<{ results: Results; violations: string[] }> {
  const authorizations = await checkAuthorizations(prisma, records);
  const purchases = await checkPurchases(prisma, records, poster, receiver);
  const readings = await checkReadings(prisma, records);
  return {
    results: { authorizations: authorizations.tally, purchases: purchases.tally, readings: readings.tally },
    violations: [...authorizations.violations, ...purchases.violations, ...readings.violations, ...(await checkJobs(prisma, jobs))],
  };
}

/** One line a run prints: what each kind of operation came to, and duplicates at the receiver. */
export function summaryLine(suite: string, { authorizations: a, purchases: p, readings: r }: Results, receiver: FakeCashbackApi): string {
  return [
    `${suite}:`,
    `authorizations ${a.accepted} approved, ${a.refused} refused, ${a.lost} lost in flight (${a.landed} took effect);`,
    `purchases ${p.accepted} accepted, ${p.refused} refused, ${p.lost} lost in flight (${p.landed} stored);`,
    `readings ${r.accepted} calls accepted (${r.readings} readings), ${r.refused} refused, ${r.lost} lost in flight (${r.landed} stored);`,
    `cashback API received ${receiver.received.length} deliveries, ${p.duplicates} duplicate(s)`,
  ].join(' ');
}
