import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { TransactionHost } from '../platform/database/transaction-host';
import { PricedItem } from './cashback-rules';

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

export interface PurchaseFilter {
  postedByUserId: PosterScope;
  status?: PurchaseStatus;
  documentIndex?: string;
  from?: Date;
  to?: Date;
}

@Injectable()
export class PurchasesRepository {
  constructor(private readonly tx: TransactionHost) {}

  async create(data: Omit<PurchaseRecord, 'attempts' | 'deliveredAt' | 'createdAt' | 'items' | 'status'> & { rawPayloadEnc: string; postedBy: string; postedByUserId: bigint; items: PricedItem[] }): Promise<PurchaseRecord> {
    const { items, ...purchase } = data;
    const row = await this.tx.db.cashbackPurchase.create({
      data: {
        ...purchase,
        status: 'PENDING',
        items: { create: items.map((item, line) => ({ line: line + 1, typeCode: item.type, unitCents: item.unitCents, qty: item.qty, rateBps: item.rateBps, cashbackCents: item.cashbackCents })) },
      },
      include: INCLUDE,
    });
    return toRecord(row);
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
      this.tx.db.cashbackPurchase.findMany({ where, include: INCLUDE, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take }),
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
