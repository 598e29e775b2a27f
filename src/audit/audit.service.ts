import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { Principal, PRINCIPAL_KEY, SYSTEM_ACTOR_KEY, SystemActor } from '../platform/auth/principal';
import { ChangeSummary, summarizeChanges } from './audit-changes';
import { AuditEventRecord, AuditFilter, AuditRepository, NewAuditEvent } from './audit.repository';
import { cursorPosition, encodeSortedCursor, instantPosition, parseSort } from '../platform/http/sorting';

export interface AuditEntry {
  /** `<entity>.<verb>`, e.g. `user.create`, `claim.grant`. */
  action: string;
  entityType: string;
  entityId: string | number | bigint;
  changes?: ChangeSummary;
}

export interface AuditPage {
  items: AuditEventRecord[];
  nextCursor: string | null;
}

/**
 * The audit trail every module writes to. The actor and the request id come from the request
 * context (or the CLI's system actor); call it inside the use case's transaction so the record and
 * the change commit together.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly cls: ClsService,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.repository.insert(this.event(entry));
  }

  /** Several records in one statement (e.g. one per row of a page that showed tier-A data). */
  async recordMany(entries: AuditEntry[]): Promise<void> {
    if (entries.length) await this.repository.insertMany(entries.map((entry) => this.event(entry)));
  }

  /**
   * Who acts and in which request, as every record of this context carries them: for statements
   * that write their audit rows themselves (a use case done in one SQL function).
   */
  actor(): Pick<NewAuditEvent, 'actorUserId' | 'actor' | 'requestId'> {
    const active = this.cls.isActive();
    const principal = active ? this.cls.get<Principal | undefined>(PRINCIPAL_KEY) : undefined;
    const system = active ? this.cls.get<SystemActor | undefined>(SYSTEM_ACTOR_KEY) : undefined;
    return {
      actorUserId: principal?.userId ?? system?.userId ?? null,
      actor: principal?.email ?? system?.label ?? 'system',
      requestId: active ? (this.cls.getId() ?? null) : null,
    };
  }

  private event(entry: AuditEntry): NewAuditEvent {
    return {
      ...this.actor(),
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      changes: entry.changes && Object.keys(entry.changes).length ? entry.changes : null,
    };
  }

  summarize = summarizeChanges;

  /**
   * A page newest first by id (cursor: the last id, as before sorting existed), or by occurredAt
   * with `sort` (cursor: that order, the last occurredAt and id).
   */
  async list(filter: Omit<AuditFilter, 'before' | 'byOccurredAt'>, cursor: string | undefined, sort: string | undefined): Promise<AuditPage> {
    // The default order (newest id first) has no `sort` value of its own.
    const order = sort;
    const position = cursorPosition(cursor, order, (text) => (/^\d{1,18}$/.test(text) ? BigInt(text) : undefined));
    const [key] = parseSort<'occurredAt'>(order) ?? [];
    const rows = await this.repository.list({
      ...filter,
      before: position && 'legacy' in position ? position.legacy : undefined,
      byOccurredAt: key && { direction: key.direction, after: position && !('legacy' in position) ? instantPosition(position) : undefined },
    });
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    if (rows.length <= filter.limit) return { items, nextCursor: null };
    return { items, nextCursor: order ? encodeSortedCursor(order, last.occurredAt.toISOString(), last.id.toString()) : last.id.toString() };
  }
}
