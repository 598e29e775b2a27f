import { createHash } from 'node:crypto';
import { parseMoney } from '../platform/money';
import { normalizeMcc } from './category-resolver';

/** A transaction as the network sends it, validated. */
export interface AuthorizationRequest {
  /** Transaction id (`id`); absent in the original payload, then the attempt is not idempotent. */
  id?: string;
  account: string;
  amountCents: bigint;
  /** Four digits: a shorter numeric code is left-padded with zeros (see normalizeMcc). */
  mcc: string;
  merchant: string;
}

const FIELDS = new Set(['id', 'account', 'accountId', 'totalAmount', 'amount', 'mcc', 'merchant']);
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TRANSACTION_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const NOT_BLANK = /\S/;

/**
 * Accepts both spellings of the original contract: `{account, totalAmount, mcc, merchant}` and
 * `{id, accountId, amount, mcc, merchant}`. The account, the amount, the MCC and the merchant are
 * required. Returns undefined for anything malformed (answered 07). On the hot path: nothing is
 * allocated beyond the answer (and the padded MCC of a short one).
 */
export function parseAuthorizationRequest(body: unknown): AuthorizationRequest | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const raw = body as Record<string, unknown>;
  for (const key in raw) if (!FIELDS.has(key)) return undefined;
  if ((raw.account !== undefined && raw.accountId !== undefined) || (raw.totalAmount !== undefined && raw.amount !== undefined)) return undefined;
  const account = raw.account ?? raw.accountId;
  const amount = raw.totalAmount ?? raw.amount;
  if (typeof account !== 'string' && typeof account !== 'number') return undefined;
  const accountId = String(account).trim();
  if (!ACCOUNT_ID.test(accountId)) return undefined;
  const cents = typeof amount === 'number' || typeof amount === 'string' ? parseMoney(amount) : undefined;
  if (cents === undefined || cents <= 0n) return undefined;
  const mcc = normalizeMcc(raw.mcc);
  if (mcc === undefined) return undefined;
  const merchant = raw.merchant;
  if (typeof merchant !== 'string' || merchant.length > 200 || !NOT_BLANK.test(merchant)) return undefined;
  if (raw.id !== undefined && (typeof raw.id !== 'string' || !TRANSACTION_ID.test(raw.id))) return undefined;
  return { id: raw.id as string | undefined, account: accountId, amountCents: cents, mcc, merchant };
}

/** What makes two attempts with the same id the same transaction. */
export function payloadFingerprint(request: AuthorizationRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.account, request.amountCents.toString(), request.mcc, request.merchant]))
    .digest('hex');
}
