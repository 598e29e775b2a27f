/** One delivery as the local receiver keeps it: the document masked, the rest as sent. */
export interface ReceivedDelivery {
  id: number;
  receivedAt: string;
  /** The CPF as `***.456.789-**`: enough to tell customers apart, not enough to identify one. */
  document: string;
  cashback: string;
  idempotencyKey: string | null;
  /** Deliveries with this key received after the first (at-least-once duplicates). */
  duplicates: number;
}

/** Masks a CPF the usual way (first three and last two digits hidden); anything else is hidden whole. */
export function maskCpf(document: string): string {
  const digits = document.replace(/\D/g, '');
  if (digits.length !== 11) return '***';
  return `***.${digits.slice(3, 6)}.${digits.slice(6, 9)}-**`;
}

/**
 * The local receiver's memory: the newest `capacity` deliveries, first delivery per idempotency key
 * kept once (a repeat counts as a duplicate and answers the first). The clear CPF is never kept.
 */
export class ReceivedDeliveries {
  private readonly entries: ReceivedDelivery[] = [];
  private readonly byKey = new Map<string, ReceivedDelivery>();
  private nextId = 1;
  private total = 0;

  constructor(readonly capacity = 100) {}

  record(delivery: { document: string; cashback: string; idempotencyKey: string | null }, now: Date): { entry: ReceivedDelivery; replayed: boolean } {
    this.total += 1;
    const earlier = delivery.idempotencyKey === null ? undefined : this.byKey.get(delivery.idempotencyKey);
    if (earlier) {
      earlier.duplicates += 1;
      return { entry: earlier, replayed: true };
    }
    const entry: ReceivedDelivery = {
      id: this.nextId++,
      receivedAt: now.toISOString(),
      document: maskCpf(delivery.document),
      cashback: delivery.cashback,
      idempotencyKey: delivery.idempotencyKey,
      duplicates: 0,
    };
    this.entries.push(entry);
    if (entry.idempotencyKey !== null) this.byKey.set(entry.idempotencyKey, entry);
    while (this.entries.length > this.capacity) {
      const dropped = this.entries.shift()!;
      if (dropped.idempotencyKey !== null) this.byKey.delete(dropped.idempotencyKey);
    }
    return { entry, replayed: false };
  }

  /** Newest first, with how many were received in all since the process started. */
  list(): { total: number; kept: number; capacity: number; items: ReceivedDelivery[] } {
    return { total: this.total, kept: this.entries.length, capacity: this.capacity, items: [...this.entries].reverse().map((entry) => ({ ...entry })) };
  }
}
