import { Injectable } from '@nestjs/common';
import { isUniqueViolation, sqlState } from '../platform/database/database-errors';
import { PrismaService } from '../platform/database/prisma.service';
import { Category } from './category-resolver';

export interface AuthorizationOutcome {
  code: '00' | '51' | '07';
  balance: Category | null;
  customerId: string | null;
  replayed: boolean;
}

export interface AuthorizationInput {
  id: string | null;
  account: string;
  amountCents: bigint;
  mcc: string;
  merchant: string;
  category: Category;
  payloadHash: string;
}

/** The deadline passed inside the database (57014 raised by card_authorize_before, 55P03 a lock wait it bounded). */
export function isPastDeadline(error: unknown): boolean {
  const state = sqlState(error) ?? (error as { code?: string } | undefined)?.code;
  return state === '57014' || state === '55P03';
}

/**
 * The hot path: one statement, `card_authorize_before(deadline, ...)` (see the migrations), a named
 * prepared statement on the pool (PrismaService.prepared), never an interactive transaction. The
 * database does nothing for a
 * statement that reaches it after the deadline, and rolls back one that would end after it.
 */
@Injectable()
export class AuthorizerRepository {
  constructor(private readonly prisma: PrismaService) {}

  async authorize(input: AuthorizationInput, deadline: Date): Promise<AuthorizationOutcome> {
    try {
      return await this.call(input, deadline);
    } catch (error) {
      // Two attempts with one id raced: the loser's statement rolled back whole. Ask again: the
      // first attempt is committed now and its answer is returned as a replay.
      if (input.id !== null && isUniqueViolation(error)) return this.call(input, deadline);
      throw error;
    }
  }

  private async call(input: AuthorizationInput, deadline: Date): Promise<AuthorizationOutcome> {
    const [row] = await this.prisma.prepared<{ code: string; balance: string | null; customer_id: string | null; replayed: boolean }>(
      'card_authorize_before',
      'SELECT code, balance, customer_id::text AS customer_id, replayed FROM card_authorize_before($1::timestamptz, $2, $3, $4::bigint, $5, $6, $7, $8)',
      [deadline, input.id, input.account, input.amountCents.toString(), input.mcc, input.merchant, input.category, input.payloadHash],
    );
    return { code: row.code as AuthorizationOutcome['code'], balance: row.balance as Category | null, customerId: row.customer_id, replayed: row.replayed };
  }
}
