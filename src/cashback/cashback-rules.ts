/**
 * The pure rules of a cashback purchase (docs/cashback.md): amounts in cents, rates in basis points
 * (500 = 5%). No I/O.
 */
export interface PurchaseItem {
  type: string;
  unitCents: bigint;
  qty: number;
}

export interface PricedItem extends PurchaseItem {
  rateBps: number;
  cashbackCents: bigint;
}

/**
 * Cashback of one item: unit price × quantity × rate, computed exactly, then rounded to the cent
 * half up (0.5 cent and more goes up). Rounding happens once per item, never on the sum of the
 * purchase, and never on intermediate values.
 */
export function itemCashbackCents(unitCents: bigint, qty: number, rateBps: number): bigint {
  const exactTimes10000 = unitCents * BigInt(qty) * BigInt(rateBps);
  return (exactTimes10000 + 5000n) / 10000n;
}

export function priceItems(items: PurchaseItem[], ratesBps: ReadonlyMap<string, number>): PricedItem[] {
  return items.map((item) => {
    const rateBps = ratesBps.get(item.type);
    if (rateBps === undefined) throw new RangeError(`unknown product type ${item.type}`);
    return { ...item, rateBps, cashbackCents: itemCashbackCents(item.unitCents, item.qty, rateBps) };
  });
}

export function itemsTotalCents(items: Pick<PurchaseItem, 'unitCents' | 'qty'>[]): bigint {
  return items.reduce((sum, item) => sum + item.unitCents * BigInt(item.qty), 0n);
}

/**
 * `sold_at` as ERPs send it: `YYYY-MM-DD HH:mm:ss` (Brazilian local time, UTC-3, which has no
 * daylight saving since 2019) or ISO 8601 with a zone. Undefined when it is not a real instant.
 */
export function parseSoldAt(input: string): Date | undefined {
  const local = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(input);
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(input);
  if (!local && !iso) return undefined;
  const date = local ? new Date(`${local[1]}-${local[2]}-${local[3]}T${local[4]}:${local[5]}:${local[6]}-03:00`) : new Date(input);
  if (Number.isNaN(date.getTime())) return undefined;
  if (local) {
    // Reject calendar overflow (2026-02-30 would silently become March 2).
    const back = new Date(date.getTime() - 3 * 3_600_000).toISOString();
    if (back.slice(0, 10) !== `${local[1]}-${local[2]}-${local[3]}`) return undefined;
  }
  return date;
}
