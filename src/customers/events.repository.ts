import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../platform/database/prisma.service';
import { TransactionHost } from '../platform/database/transaction-host';
import { CustomerEvent, CustomerEventType } from './model';
import { keysetAfter, SortDirection } from '../platform/http/sorting';

export interface EventFilter {
  type?: CustomerEventType;
  from?: Date;
  to?: Date;
  /** Newest first (desc, the default) or oldest first. */
  direction?: SortDirection;
  /** Only events past this (occurredAt, id) position in that order. */
  after?: { occurredAt: Date; id: bigint };
  limit: number;
}

export interface EventSummary {
  found: boolean;
  lastBureauQuery: CustomerEvent | null;
  recentMovements: CustomerEvent[];
  lastCardPurchase: CustomerEvent | null;
}

interface RawEvent {
  id: string;
  type: CustomerEventType;
  occurred_at: string;
  amount_cents: string | null;
  details: Record<string, unknown>;
}

/** The tier-C summary's statement: $1 the customer id, $2 how many movements (the bare benchmark sends it too). */
export const EVENTS_SUMMARY_SQL = `
  SELECT
    EXISTS (SELECT 1 FROM customers WHERE id = $1::uuid) AS found,
    (SELECT row_to_json(e) FROM (
      SELECT id::text, type, occurred_at, amount_cents::text, details FROM customer_events
      WHERE customer_id = $1::uuid AND type = 'BUREAU_QUERY'
      ORDER BY occurred_at DESC, id DESC LIMIT 1) e) AS bureau,
    (SELECT coalesce(json_agg(e), '[]'::json) FROM (
      SELECT id::text, type, occurred_at, amount_cents::text, details FROM customer_events
      WHERE customer_id = $1::uuid AND type = 'FINANCIAL_MOVEMENT'
      ORDER BY occurred_at DESC, id DESC LIMIT $2::int) e) AS movements,
    (SELECT row_to_json(e) FROM (
      SELECT id::text, type, occurred_at, amount_cents::text, details FROM customer_events
      WHERE customer_id = $1::uuid AND type = 'CARD_PURCHASE'
      ORDER BY occurred_at DESC, id DESC LIMIT 1) e) AS purchase`;

@Injectable()
export class EventsRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly prisma: PrismaService,
  ) {}

  async insert(event: Omit<CustomerEvent, 'id'>): Promise<CustomerEvent> {
    const row = await this.tx.db.customerEvent.create({
      data: { ...event, details: event.details as Prisma.InputJsonValue },
    });
    return { ...row, details: row.details as Record<string, unknown> };
  }

  async findOne(customerId: string, id: bigint): Promise<CustomerEvent | undefined> {
    const row = await this.tx.db.customerEvent.findFirst({ where: { id, customerId } });
    return row ? { ...row, details: row.details as Record<string, unknown> } : undefined;
  }

  /** By occurredAt then id, using the (customer_id[, type], occurred_at desc, id desc) indexes (read backwards for oldest first). */
  async list(customerId: string, filter: EventFilter): Promise<CustomerEvent[]> {
    const direction = filter.direction ?? 'desc';
    const after = filter.after;
    const rows = await this.tx.db.customerEvent.findMany({
      where: {
        customerId,
        type: filter.type,
        occurredAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
        ...(after && keysetAfter('occurredAt', direction, after.occurredAt, after.id)),
      },
      orderBy: [{ occurredAt: direction }, { id: direction }],
      take: filter.limit + 1,
    });
    return rows.map((row) => ({ ...row, details: row.details as Record<string, unknown> }));
  }

  /**
   * The tier-C summary in one statement and one round trip (a prepared statement on the pool, the
   * hot read of tier C): whether the customer exists, the last
   * bureau query, the five latest movements and the last card purchase, each an index range scan.
   */
  async summary(customerId: string, movements = 5): Promise<EventSummary> {
    const [row] = await this.prisma.prepared<{ found: boolean; bureau: RawEvent | null; movements: RawEvent[]; purchase: RawEvent | null }>('customer_events_summary', EVENTS_SUMMARY_SQL, [customerId, movements]);
    const toEvent = (raw: RawEvent | null): CustomerEvent | null =>
      raw && {
        id: BigInt(raw.id),
        customerId,
        type: raw.type,
        occurredAt: new Date(raw.occurred_at),
        amountCents: raw.amount_cents === null ? null : BigInt(raw.amount_cents),
        details: raw.details,
      };
    return {
      found: row.found,
      lastBureauQuery: toEvent(row.bureau),
      recentMovements: row.movements.map((raw) => toEvent(raw)!),
      lastCardPurchase: toEvent(row.purchase),
    };
  }

  /** Removes events of customers that no longer exist, recorded before `before`. */
  async purgeOrphans(before: Date): Promise<number> {
    return this.tx.db.$executeRaw`
      DELETE FROM customer_events e
      WHERE e.recorded_at < ${before}
        AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = e.customer_id)`;
  }
}
