/**
 * Which balance a transaction is meant for (rules L1 and L3; the fallback to CASH, L2, happens in the
 * debit itself, which knows the balances). Pure: no I/O.
 *
 * - L3: a known merchant decides, whatever the MCC.
 * - L1: otherwise the MCC: 5411 and 5412 are FOOD, 5811 and 5812 are MEAL, anything else CASH
 *   (MCCs arrive here as four digits, see normalizeMcc).
 */
export type Category = 'FOOD' | 'MEAL' | 'CASH';

export const CATEGORIES: readonly Category[] = ['FOOD', 'MEAL', 'CASH'];

const MCC_CATEGORIES: Record<string, Category> = { '5411': 'FOOD', '5412': 'FOOD', '5811': 'MEAL', '5812': 'MEAL' };

export function categoryForMcc(mcc: string | undefined): Category {
  return (mcc && MCC_CATEGORIES[mcc]) || 'CASH';
}

const SHORT_MCC = /^\d{1,4}$/;

/**
 * An MCC as networks send it, as the four-digit code the table is keyed by: a numeric code, as a
 * string or a JSON number, left-padded with zeros (`"411"` and `411` are `"0411"`, `5811` is
 * `"5811"`). Undefined for anything else: not digits, more than four digits, a negative or
 * fractional number.
 */
export function normalizeMcc(mcc: unknown): string | undefined {
  // padStart returns a string already four long as it is: nothing is allocated for those.
  if (typeof mcc === 'string') return SHORT_MCC.test(mcc) ? mcc.padStart(4, '0') : undefined;
  if (typeof mcc === 'number' && Number.isInteger(mcc) && mcc >= 0 && mcc <= 9999) return String(mcc).padStart(4, '0');
  return undefined;
}

/**
 * The merchant name as networks send it (`UBER EATS                   SAO PAULO BR`), reduced to a
 * comparable key: trimmed, runs of spaces collapsed to one, upper case.
 */
export function normalizeMerchantName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toUpperCase();
}

export interface Resolution {
  category: Category;
  /** What decided: the merchant table or the MCC. */
  source: 'merchant' | 'mcc';
}

export function resolveCategory(input: { mcc?: string; merchant?: string }, merchants: ReadonlyMap<string, Category>): Resolution {
  const byMerchant = input.merchant ? merchants.get(normalizeMerchantName(input.merchant)) : undefined;
  if (byMerchant) return { category: byMerchant, source: 'merchant' };
  return { category: categoryForMcc(input.mcc), source: 'mcc' };
}
