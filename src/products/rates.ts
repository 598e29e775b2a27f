/** A product type's cashback rate: basis points inside (500 = 5%), a percent with up to two decimals in the API. No I/O. */

/** Percent with up to two decimals (`5`, `"15.5"`, `12.25`) to basis points; undefined if not. */
export function percentToBps(input: unknown): number | undefined {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : typeof input === 'string' ? input.trim() : '';
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bps <= 10_000 ? bps : undefined;
}

export function bpsToPercent(bps: number): string {
  return `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}`;
}
