import { Injectable } from '@nestjs/common';
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
  mcc: string | null;
  merchant: string | null;
  category: Category;
  payloadHash: string;
}

function isDuplicateId(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string; constraint?: { index?: string } } } }; code?: string }) ?? {};
  const adapter = cause.meta?.driverAdapterError?.cause;
  return cause.code === 'P2002' || adapter?.originalCode === '23505';
}

/**
 * The hot path: one statement, `card_authorize(...)` (see the migration), through $queryRaw on the
 * pool, never an interactive transaction.
 */
@Injectable()
export class AuthorizerRepository {
  constructor(private readonly prisma: PrismaService) {}

  async authorize(input: AuthorizationInput): Promise<AuthorizationOutcome> {
    try {
      return await this.call(input);
    } catch (error) {
      // Two attempts with one id raced: the loser's statement rolled back whole. Ask again: the
      // first attempt is committed now and its answer is returned as a replay.
      if (input.id !== null && isDuplicateId(error)) return this.call(input);
      throw error;
    }
  }

  private async call(input: AuthorizationInput): Promise<AuthorizationOutcome> {
    const [row] = await this.prisma.$queryRaw<Array<{ code: string; balance: string | null; customer_id: string | null; replayed: boolean }>>`
      SELECT code, balance, customer_id::text AS customer_id, replayed
      FROM card_authorize(${input.id}, ${input.account}, ${input.amountCents}, ${input.mcc}, ${input.merchant}, ${input.category}, ${input.payloadHash})`;
    return { code: row.code as AuthorizationOutcome['code'], balance: row.balance as Category | null, customerId: row.customer_id, replayed: row.replayed };
  }
}
