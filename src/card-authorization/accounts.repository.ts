import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../platform/database/transaction-host';
import { Category } from './category-resolver';
import { keysetAfter, SortDirection } from '../platform/http/sorting';

export type Balances = Record<Category, bigint>;

export interface AccountRecord {
  id: string;
  customerId: string | null;
  balances: Balances;
  createdAt: Date;
}

export interface LedgerEntry {
  id: string;
  kind: 'AUTHORIZATION' | 'CREDIT';
  amountCents: bigint;
  mcc: string | null;
  merchant: string | null;
  category: Category | null;
  balance: Category | null;
  code: string | null;
  createdAt: Date;
}

const COLUMNS: Record<Category, 'foodCents' | 'mealCents' | 'cashCents'> = { FOOD: 'foodCents', MEAL: 'mealCents', CASH: 'cashCents' };

type Row = { id: string; customerId: string | null; foodCents: bigint; mealCents: bigint; cashCents: bigint; createdAt: Date };

const toRecord = (row: Row): AccountRecord => ({
  id: row.id,
  customerId: row.customerId,
  balances: { FOOD: row.foodCents, MEAL: row.mealCents, CASH: row.cashCents },
  createdAt: row.createdAt,
});

export interface LedgerWindow {
  limit: number;
  from?: Date;
  to?: Date;
  direction?: SortDirection;
  after?: { createdAt: Date; id: string };
}

@Injectable()
export class AccountsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async exists(id: string): Promise<boolean> {
    return (await this.tx.db.cardAccount.count({ where: { id } })) > 0;
  }

  async findById(id: string): Promise<AccountRecord | undefined> {
    const row = await this.tx.db.cardAccount.findUnique({ where: { id } });
    return row ? toRecord(row) : undefined;
  }

  /** The account with its opening balances, each recorded in the ledger as a credit. */
  async create(id: string, customerId: string | null, balances: Balances): Promise<AccountRecord> {
    const row = await this.tx.db.cardAccount.create({
      data: { id, customerId, foodCents: balances.FOOD, mealCents: balances.MEAL, cashCents: balances.CASH },
    });
    const credits = (Object.keys(balances) as Category[]).filter((category) => balances[category] > 0n);
    if (credits.length) {
      await this.tx.db.cardLedgerEntry.createMany({
        data: credits.map((category) => ({ id: `credit-${randomUUID()}`, accountId: id, kind: 'CREDIT', amountCents: balances[category], category, balance: category, code: '00' })),
      });
    }
    return toRecord(row);
  }

  /** The account after the credit, or null when the balance would exceed `maxCents` (nothing changed). */
  async credit(id: string, category: Category, amountCents: bigint, entryId: string, maxCents: bigint): Promise<AccountRecord | null> {
    const column = COLUMNS[category];
    const { count } = await this.tx.db.cardAccount.updateMany({ where: { id, [column]: { lte: maxCents - amountCents } }, data: { [column]: { increment: amountCents } } });
    if (count === 0) return null;
    const row = await this.tx.db.cardAccount.findUniqueOrThrow({ where: { id } });
    await this.tx.db.cardLedgerEntry.create({ data: { id: entryId, accountId: id, kind: 'CREDIT', amountCents, category, balance: category, code: '00' } });
    return toRecord(row);
  }

  /**
   * By createdAt then id (newest first by default), from after a position; one entry more than the
   * limit tells whether another page exists.
   */
  async ledger(accountId: string, window: LedgerWindow): Promise<LedgerEntry[]> {
    const { limit, after, from, to } = window;
    const direction = window.direction ?? 'desc';
    const rows = await this.tx.db.cardLedgerEntry.findMany({
      where: {
        accountId,
        createdAt: from || to ? { gte: from, lt: to } : undefined,
        ...(after && keysetAfter('createdAt', direction, after.createdAt, after.id)),
      },
      orderBy: [{ createdAt: direction }, { id: direction }],
      take: limit + 1,
    });
    return rows as LedgerEntry[];
  }
}
