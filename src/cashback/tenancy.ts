import { Claim } from '../platform/auth/claims';
import { Principal } from '../platform/auth/principal';
import { PosterScope } from './purchases.repository';

/**
 * Purchases belong to the ERP user that posted them: a caller sees, re-sends and reconciles only its
 * own, unless it holds cashback:read-all (operators). Purchases recorded before the poster's user id
 * was kept, and not matched to a user since, are seen only with cashback:read-all.
 */
export const posterScope = (reader: Principal): PosterScope => (reader.claims.has(Claim.CashbackReadAll) ? undefined : reader.userId);

/** The buyer's CPF is tier A: in clear only for customers:read-sensitive, masked for everyone else. */
export const mayReadDocuments = (reader: Principal): boolean => reader.claims.has(Claim.CustomersReadSensitive);
