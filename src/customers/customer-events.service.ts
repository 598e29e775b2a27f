import { Injectable } from '@nestjs/common';
import { Clock } from '../platform/clock';
import { TransactionHost } from '../platform/database/transaction-host';
import { CustomersRepository } from './customers.repository';
import { CustomerNotFoundError, EventDetailsTooLargeError, EventNotFoundError } from './errors';
import { EventFilter, EventsRepository, EventSummary } from './events.repository';
import { CustomerEvent, CustomerEventType } from './model';
import { AuditService } from '../audit/audit.service';
import { cursorPosition, encodeSortedCursor, explicitSort, instantPosition } from '../platform/http/sorting';

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

  /** Newest first, or oldest first with `sort=occurredAt`; a cursor continues the order it was made in. */
  async list(customerId: string, filter: Omit<EventFilter, 'after' | 'direction'> & { cursor?: string; sort?: string }): Promise<EventPage> {
    const { cursor, sort, ...rest } = filter;
    const order = explicitSort(sort, DEFAULT_EVENT_SORT);
    const position = cursorPosition(cursor, order, decodeCursor);
    const after = position && ('legacy' in position ? position.legacy : toEventPosition(instantPosition(position)));
    const rows = await this.events.list(customerId, { ...rest, direction: order ? 'asc' : 'desc', after });
    if (rows.length === 0 && !(await this.customers.exists(customerId))) throw new CustomerNotFoundError(customerId);
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    if (rows.length <= filter.limit) return { items, nextCursor: null };
    return { items, nextCursor: order ? encodeSortedCursor(order, last.occurredAt.toISOString(), last.id.toString()) : encodeCursor(last.occurredAt, last.id) };
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

/** The events' own order: newest first. */
export const DEFAULT_EVENT_SORT = '-occurredAt';

const toEventPosition = ({ at, id }: { at: Date; id: bigint }) => ({ occurredAt: at, id });

export function encodeCursor(occurredAt: Date, id: bigint): string {
  return Buffer.from(`${occurredAt.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { occurredAt: Date; id: bigint } | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const occurredAt = new Date(at);
  if (!id || !/^\d{1,18}$/.test(id) || Number.isNaN(occurredAt.getTime())) return undefined;
  return { occurredAt, id: BigInt(id) };
}
