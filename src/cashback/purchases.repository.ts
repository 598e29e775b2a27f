import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { fieldAad } from '../platform/crypto/field-cipher';
import { isUniqueViolation } from '../platform/database/database-errors';
import { PrismaService } from '../platform/database/prisma.service';
import { TransactionHost } from '../platform/database/transaction-host';
import type { SealedNewCustomer } from '../customers/customers.service';
import { PricedItem } from './cashback-rules';
import { orderByOf, SortKey } from '../platform/http/sorting';

export type PurchaseStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface PurchaseRecord {
  id: string;
  customerId: string | null;
  documentIndex: string | null;
  documentEnc: string | null;
  soldAt: Date;
  totalCents: bigint;
  cashbackCents: bigint;
  status: PurchaseStatus;
  idempotencyKey: string | null;
  requestHash: string;
  attempts: number;
  deliveredAt: Date | null;
  createdAt: Date;
  items: PricedItem[];
}

/** What the buyer's CPF in `document_enc` is bound to (CpfService seals and opens it): its row and column. */
export const documentAad = (purchaseId: string): string => fieldAad('cashback_purchases', purchaseId, 'document');

export interface AttemptRecord {
  attemptedAt: Date;
  httpStatus: number | null;
  responseBody: string | null;
  error: string | null;
  latencyMs: number;
}

const INCLUDE = { items: { orderBy: { line: 'asc' } } } satisfies Prisma.CashbackPurchaseInclude;
type Row = Prisma.CashbackPurchaseGetPayload<{ include: typeof INCLUDE }>;

const toRecord = (row: Row): PurchaseRecord => ({
  id: row.id,
  customerId: row.customerId,
  documentIndex: row.documentIndex,
  documentEnc: row.documentEnc,
  soldAt: row.soldAt,
  totalCents: row.totalCents,
  cashbackCents: row.cashbackCents,
  status: row.status as PurchaseStatus,
  idempotencyKey: row.idempotencyKey,
  requestHash: row.requestHash,
  attempts: row.attempts,
  deliveredAt: row.deliveredAt,
  createdAt: row.createdAt,
  items: row.items.map((item) => ({ type: item.typeCode, unitCents: item.unitCents, qty: item.qty, rateBps: item.rateBps, cashbackCents: item.cashbackCents })),
});

/** Whose purchases a caller may see: one poster's (an ERP), or every poster's (undefined). */
export type PosterScope = bigint | undefined;

export const PURCHASE_SORT_FIELDS = ['createdAt', 'soldAt', 'total', 'cashback'] as const;
export type PurchaseSortField = (typeof PURCHASE_SORT_FIELDS)[number];

export interface PurchaseFilter {
  postedByUserId: PosterScope;
  status?: PurchaseStatus;
  documentIndex?: string;
  from?: Date;
  to?: Date;
  /** Newest first (createdAt) unless given. */
  sort?: SortKey<PurchaseSortField>[];
}

export interface AcceptInput {
  purchase: Omit<PurchaseRecord, 'attempts' | 'deliveredAt' | 'createdAt' | 'status' | 'customerId'> & { documentIndex: string; documentEnc: string; rawPayloadEnc: string; postedBy: string; postedByUserId: bigint };
  customer: SealedNewCustomer;
  eventDetails: Record<string, unknown>;
  actor: { actorUserId: bigint | null; actor: string; requestId: string | null };
  /** The amounts as the audit record shows them. */
  total: string;
  cashback: string;
  queue: string;
}

export interface AcceptResult {
  purchaseId: string;
  customerId: string;
  customerCreated: boolean;
  createdAt: Date;
  replayed: boolean;
}

type AcceptRow = { purchase_id: string; customer_id: string; customer_created: boolean; created_at: Date; replayed: boolean };

/** The purchase, its customer when new (with its name index), items, tier-C event, audit row and delivery job in one call (see the migrations). */
const ACCEPT_SQL = `SELECT purchase_id::text AS purchase_id, customer_id::text AS customer_id, customer_created, created_at, replayed FROM cashback_accept(
  $1::uuid, $2, $3, $4::timestamptz, $5::bigint, $6::bigint, $7, $8, $9, $10, $11::bigint, $12::jsonb,
  $13::uuid, $14, $15, $16, $17, $18, $19::jsonb,
  $20::jsonb, $21::bigint, $22, $23, $24, $25, $26, $27::text[])`;

@Injectable()
export class PurchasesRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Accepts a purchase in one statement (`cashback_accept`, see the migrations): finds or creates
   * the customer under the CPF lock, writes the purchase, its items, the customer's event, the
   * audit records and the delivery job, atomically, with no interactive transaction. Answers
   * `replayed` with the earlier purchase's id when the poster used this Idempotency-Key before,
   * also when a concurrent request with that key committed first.
   */
  async accept(input: AcceptInput): Promise<AcceptResult> {
    try {
      return await this.acceptOnce(input);
    } catch (error) {
      // The statement rolled back whole: another request with this Idempotency-Key committed first
      // (answered now as a replay), or the customer was created by someone else meanwhile (the
      // CPF is known now; asking again finds it).
      if (!isUniqueViolation(error)) throw error;
      return this.acceptOnce(input);
    }
  }

  private async acceptOnce(input: AcceptInput): Promise<AcceptResult> {
    const { purchase, customer, actor } = input;
    const items = JSON.stringify(
      purchase.items.map((item) => ({ type: item.type, unitCents: item.unitCents.toString(), qty: item.qty, rateBps: item.rateBps, cashbackCents: item.cashbackCents.toString() })),
    );
    const values = [
      purchase.id, purchase.documentIndex, purchase.documentEnc, purchase.soldAt, purchase.totalCents.toString(),
      purchase.cashbackCents.toString(), purchase.idempotencyKey, purchase.requestHash, purchase.rawPayloadEnc, purchase.postedBy,
      purchase.postedByUserId.toString(), items,
      customer.id, customer.encrypted.cpfEnc, customer.encrypted.nameEnc, customer.encrypted.addressEnc, customer.encrypted.debtsEnc,
      customer.encrypted.encKeyId, JSON.stringify(customer.auditChanges),
      JSON.stringify(input.eventDetails), actor.actorUserId === null ? null : actor.actorUserId.toString(), actor.actor, actor.requestId, input.total, input.cashback, input.queue,
      // As an array literal (statements take text values): tokens are base64url, nothing to quote.
      `{${customer.encrypted.nameTokens.join(',')}}`,
    ];
    // One statement: outside a transaction it goes straight to the pool, prepared once per connection.
    const db = this.tx.db;
    const [row] =
      db instanceof PrismaService
        ? await db.prepared<AcceptRow>('cashback_accept', ACCEPT_SQL, values)
        : await db.$queryRawUnsafe<AcceptRow[]>(ACCEPT_SQL, ...values);
    return { purchaseId: row.purchase_id, customerId: row.customer_id, customerCreated: row.customer_created, createdAt: row.created_at, replayed: row.replayed };
  }

  /** The purchase, if it exists within the scope (another poster's purchase is as good as absent). */
  async findById(id: string, postedByUserId: PosterScope): Promise<PurchaseRecord | undefined> {
    const row = await this.tx.db.cashbackPurchase.findFirst({ where: { id, postedByUserId }, include: INCLUDE });
    return row ? toRecord(row) : undefined;
  }

  async findByIdempotencyKey(postedBy: string, key: string): Promise<PurchaseRecord | undefined> {
    const row = await this.tx.db.cashbackPurchase.findUnique({ where: { postedBy_idempotencyKey: { postedBy, idempotencyKey: key } }, include: INCLUDE });
    return row ? toRecord(row) : undefined;
  }

  async attempts(purchaseId: string): Promise<AttemptRecord[]> {
    return this.tx.db.cashbackAttempt.findMany({ where: { purchaseId }, orderBy: { id: 'asc' }, select: { attemptedAt: true, httpStatus: true, responseBody: true, error: true, latencyMs: true } });
  }

  async list(filter: PurchaseFilter, skip: number, take: number): Promise<{ items: PurchaseRecord[]; total: number }> {
    const where: Prisma.CashbackPurchaseWhereInput = {
      postedByUserId: filter.postedByUserId,
      status: filter.status,
      documentIndex: filter.documentIndex,
      createdAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
    };
    const [rows, total] = await Promise.all([
      this.tx.db.cashbackPurchase.findMany({
        where,
        include: INCLUDE,
        orderBy: orderByOf(filter.sort ?? [{ field: 'createdAt', direction: 'desc' }], { createdAt: 'createdAt', soldAt: 'soldAt', total: 'totalCents', cashback: 'cashbackCents' }),
        skip,
        take,
      }),
      this.tx.db.cashbackPurchase.count({ where }),
    ]);
    return { items: rows.map(toRecord), total };
  }

  async idsByStatus(status: PurchaseStatus): Promise<string[]> {
    return (await this.tx.db.cashbackPurchase.findMany({ where: { status }, select: { id: true }, orderBy: { createdAt: 'asc' } })).map((row) => row.id);
  }

  /** PENDING to FAILED; false when the purchase was not PENDING. */
  async markFailed(id: string): Promise<boolean> {
    return (await this.tx.db.cashbackPurchase.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'FAILED' } })).count === 1;
  }

  /**
   * The attempt and what it changes on the purchase, in one nested write (one transaction): a
   * process that dies in between leaves both or neither, never an attempt the purchase does not count.
   */
  async recordAttempt(purchaseId: string, attempt: AttemptRecord, outcome: PurchaseStatus | undefined): Promise<void> {
    await this.tx.db.cashbackPurchase.update({
      where: { id: purchaseId },
      data: {
        attempts: { increment: 1 },
        ...(outcome ? { status: outcome } : {}),
        ...(outcome === 'DELIVERED' ? { deliveredAt: attempt.attemptedAt } : {}),
        deliveries: { create: attempt },
      },
    });
  }

  /** The purchases of a customer that still hold its CPF, with their encrypted payloads. */
  async withDocumentOf(customerId: string): Promise<Array<{ id: string; rawPayloadEnc: string }>> {
    return this.tx.db.cashbackPurchase.findMany({ where: { customerId, documentEnc: { not: null } }, select: { id: true, rawPayloadEnc: true } });
  }

  /** Drops the CPF (cipher text and blind index) and stores the payload without the buyer's identity. */
  async eraseDocument(id: string, rawPayloadEnc: string): Promise<void> {
    await this.tx.db.cashbackPurchase.update({ where: { id }, data: { documentEnc: null, documentIndex: null, rawPayloadEnc } });
  }

  /** FAILED to PENDING; false when the purchase was not FAILED. */
  async reopen(id: string): Promise<boolean> {
    return (await this.tx.db.cashbackPurchase.updateMany({ where: { id, status: 'FAILED' }, data: { status: 'PENDING' } })).count === 1;
  }

  async reconciliation(
    postedByUserId: PosterScope,
    from?: Date,
    to?: Date,
  ): Promise<{ byStatus: Array<{ status: string; purchases: number; totalCents: bigint; cashbackCents: bigint }>; attempts: number }> {
    const where: Prisma.CashbackPurchaseWhereInput = { postedByUserId, createdAt: from || to ? { gte: from, lt: to } : undefined };
    const groups = await this.tx.db.cashbackPurchase.groupBy({ by: ['status'], where, _count: { _all: true }, _sum: { totalCents: true, cashbackCents: true, attempts: true } });
    return {
      byStatus: groups.map((group) => ({
        status: group.status,
        purchases: group._count._all,
        totalCents: group._sum.totalCents ?? 0n,
        cashbackCents: group._sum.cashbackCents ?? 0n,
      })),
      attempts: groups.reduce((sum, group) => sum + (group._sum.attempts ?? 0), 0),
    };
  }
}
