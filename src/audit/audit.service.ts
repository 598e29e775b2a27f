import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { Principal, PRINCIPAL_KEY, SYSTEM_ACTOR_KEY, SystemActor } from '../platform/auth/principal';
import { ChangeSummary, summarizeChanges } from './audit-changes';
import { AuditEventRecord, AuditFilter, AuditRepository, NewAuditEvent } from './audit.repository';

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

  async list(filter: AuditFilter): Promise<AuditPage> {
    const rows = await this.repository.list(filter);
    const items = rows.slice(0, filter.limit);
    return { items, nextCursor: rows.length > filter.limit ? items[items.length - 1].id.toString() : null };
  }
}
