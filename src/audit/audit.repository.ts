import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { TransactionHost } from '../platform/database/transaction-host';
import { ChangeSummary } from './audit-changes';
import { keysetAfter, SortDirection } from '../platform/http/sorting';

export interface NewAuditEvent {
  actorUserId: bigint | null;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  requestId: string | null;
  changes: ChangeSummary | null;
}

export interface AuditEventRecord extends NewAuditEvent {
  id: bigint;
  occurredAt: Date;
}

export interface AuditFilter {
  actorUserId?: bigint;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Only events older than this id (the default order's cursor). */
  before?: bigint;
  /** By occurredAt (ties by id) in this direction instead of newest id first, from after `after`. */
  byOccurredAt?: { direction: SortDirection; after?: { at: Date; id: bigint } };
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insert(event: NewAuditEvent): Promise<void> {
    await this.tx.db.auditEvent.create({
      data: { ...event, changes: event.changes === null ? Prisma.DbNull : (event.changes as Prisma.InputJsonValue) },
    });
  }

  async insertMany(events: NewAuditEvent[]): Promise<void> {
    await this.tx.db.auditEvent.createMany({
      data: events.map((event) => ({ ...event, changes: event.changes === null ? Prisma.DbNull : (event.changes as Prisma.InputJsonValue) })),
    });
  }

  /** Newest first (by id) or by occurredAt; one row more than the limit tells whether another page exists. */
  async list(filter: AuditFilter): Promise<AuditEventRecord[]> {
    const byTime = filter.byOccurredAt;
    const rows = await this.tx.db.auditEvent.findMany({
      where: {
        actorUserId: filter.actorUserId,
        entityType: filter.entityType,
        entityId: filter.entityId,
        action: filter.action,
        occurredAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
        id: filter.before === undefined ? undefined : { lt: filter.before },
        ...(byTime?.after && keysetAfter('occurredAt', byTime.direction, byTime.after.at, byTime.after.id)),
      },
      orderBy: byTime ? [{ occurredAt: byTime.direction }, { id: byTime.direction }] : { id: 'desc' },
      take: filter.limit + 1,
    });
    return rows.map((row) => ({ ...row, changes: (row.changes as ChangeSummary | null) ?? null }));
  }
}
