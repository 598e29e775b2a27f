import { Injectable } from '@nestjs/common';
import { Clock } from '../platform/clock';
import { TransactionHost } from '../platform/database/transaction-host';
import { CustomersRepository } from './customers.repository';
import { CustomerNotFoundError, EventDetailsTooLargeError, EventNotFoundError } from './errors';
import { EventFilter, EventsRepository, EventSummary } from './events.repository';
import { CustomerEvent, CustomerEventType } from './model';
import { AuditService } from '../audit/audit.service';
import { RequestValidationError } from '../platform/http/validation';

export const MAX_DETAILS_BYTES = 4096;

export interface NewEvent {
  type: CustomerEventType;
  occurredAt: Date;
  amountCents?: bigint | null;
  details?: Record<string, unknown>;
}

export interface EventPage {
  items: CustomerEvent[];
  nextCursor: string | null;
}

/** Tier C: recent events of a customer. Other modules record theirs through `record`. */
@Injectable()
export class CustomerEventsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly customers: CustomersRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** Records an event for an existing customer (joins the caller's transaction when there is one). */
  async record(customerId: string, event: NewEvent, options: { audit?: boolean } = {}): Promise<CustomerEvent> {
    const details = event.details ?? {};
    if (Buffer.byteLength(JSON.stringify(details)) > MAX_DETAILS_BYTES) throw new EventDetailsTooLargeError(MAX_DETAILS_BYTES);
    return this.tx.run(async () => {
      if (!(await this.customers.exists(customerId))) throw new CustomerNotFoundError(customerId);
      const created = await this.events.insert({ customerId, type: event.type, occurredAt: event.occurredAt, amountCents: event.amountCents ?? null, details });
      if (options.audit ?? true) {
        await this.audit.record({ action: 'customer.event.create', entityType: 'customer', entityId: customerId, changes: { events: { to: `${created.type} ${created.id}` } } });
      }
      return created;
    });
  }

  async list(customerId: string, filter: Omit<EventFilter, 'before'> & { cursor?: string }): Promise<EventPage> {
    const before = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    if (filter.cursor !== undefined && !before) throw new RequestValidationError([{ name: 'cursor', reasons: ['cursor must be a cursor returned by a previous page'] }]);
    const rows = await this.events.list(customerId, { ...filter, before });
    if (rows.length === 0 && !(await this.customers.exists(customerId))) throw new CustomerNotFoundError(customerId);
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit ? encodeCursor(last.occurredAt, last.id) : null };
  }

  /** One event; like the list, events of a deleted customer stay readable for their retention. */
  async get(customerId: string, id: bigint): Promise<CustomerEvent> {
    const event = await this.events.findOne(customerId, id);
    if (event) return event;
    if (!(await this.customers.exists(customerId))) throw new CustomerNotFoundError(customerId);
    throw new EventNotFoundError(id);
  }

  async summary(customerId: string): Promise<Omit<EventSummary, 'found'>> {
    const { found, ...summary } = await this.events.summary(customerId);
    if (!found) throw new CustomerNotFoundError(customerId);
    return summary;
  }

  /** Deletes events of deleted customers older than the retention period; returns how many. */
  purgeExpired(retentionDays: number): Promise<number> {
    return this.events.purgeOrphans(new Date(this.clock.now().getTime() - retentionDays * 86_400_000));
  }
}

export function encodeCursor(occurredAt: Date, id: bigint): string {
  return Buffer.from(`${occurredAt.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { occurredAt: Date; id: bigint } | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const occurredAt = new Date(at);
  if (!id || !/^\d{1,18}$/.test(id) || Number.isNaN(occurredAt.getTime())) return undefined;
  return { occurredAt, id: BigInt(id) };
}
