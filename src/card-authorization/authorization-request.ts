import { createHash } from 'node:crypto';
import { parseMoney } from '../platform/money';

/** A transaction as the network sends it, validated. */
export interface AuthorizationRequest {
  /** Transaction id (`id`); absent in the original payload, then the attempt is not idempotent. */
  id?: string;
  account: string;
  amountCents: bigint;
  mcc?: string;
  merchant?: string;
}

/**
 * Accepts both spellings of the original contract: `{account, totalAmount, mcc, merchant}` and
 * `{id, accountId, amount, mcc, merchant}`. Returns undefined for anything malformed (answered 07).
 */
export function parseAuthorizationRequest(body: unknown): AuthorizationRequest | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const raw = body as Record<string, unknown>;
  const allowed = new Set(['id', 'account', 'accountId', 'totalAmount', 'amount', 'mcc', 'merchant']);
  if (Object.keys(raw).some((key) => !allowed.has(key))) return undefined;
  const account = raw.account ?? raw.accountId;
  const amount = raw.totalAmount ?? raw.amount;
  if ((raw.account !== undefined && raw.accountId !== undefined) || (raw.totalAmount !== undefined && raw.amount !== undefined)) return undefined;
  if (typeof account !== 'string' && typeof account !== 'number') return undefined;
  const accountId = String(account).trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(accountId)) return undefined;
  const cents = typeof amount === 'number' || typeof amount === 'string' ? parseMoney(amount) : undefined;
  if (cents === undefined || cents <= 0n) return undefined;
  if (raw.mcc !== undefined && (typeof raw.mcc !== 'string' || !/^\d{4}$/.test(raw.mcc))) return undefined;
  if (raw.merchant !== undefined && (typeof raw.merchant !== 'string' || raw.merchant.length > 200)) return undefined;
  if (raw.id !== undefined && (typeof raw.id !== 'string' || !/^[A-Za-z0-9._:-]{1,100}$/.test(raw.id))) return undefined;
  return { id: raw.id as string | undefined, account: accountId, amountCents: cents, mcc: raw.mcc as string | undefined, merchant: raw.merchant as string | undefined };
}

/** What makes two attempts with the same id the same transaction. */
export function payloadFingerprint(request: AuthorizationRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.account, request.amountCents.toString(), request.mcc ?? '', request.merchant ?? '']))
    .digest('hex');
}
