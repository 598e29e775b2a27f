/**
 * Money is integer cents (bigint) inside the product and a two-decimal string in JSON. Input may be
 * a number (`100.5`) or a string (`"100.50"`), with at most two decimals.
 */
const MONEY = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

export function parseMoney(input: unknown): bigint | undefined {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : typeof input === 'string' ? input.trim() : '';
  const match = MONEY.exec(text);
  if (!match) return undefined;
  const cents = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
