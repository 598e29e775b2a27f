import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { CustomersService } from '../customers/customers.service';
import { TransactionHost } from '../platform/database/transaction-host';
import { UnknownReferenceError } from '../platform/http/domain-error';
import { AccountRecord, AccountsRepository, Balances, LedgerEntry } from './accounts.repository';
import { Category } from './category-resolver';
import { AccountExistsError, AccountNotFoundError, BalanceLimitError, MAX_BALANCE_CENTS } from './errors';
import { cursorPosition, encodeSortedCursor, explicitSort, instantTextPosition } from '../platform/http/sorting';

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly customers: CustomersService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  async create(input: { id?: string; customerId?: string; balances: Balances }): Promise<AccountRecord> {
    const id = input.id ?? randomUUID();
    return this.tx.run(async () => {
      for (const category of Object.keys(input.balances) as Category[]) {
        if (input.balances[category] > MAX_BALANCE_CENTS) throw new BalanceLimitError(category);
      }
      if (await this.accounts.exists(id)) throw new AccountExistsError(id);
      if (input.customerId && !(await this.customers.exists(input.customerId))) {
        throw new UnknownReferenceError('customerId', `customer ${input.customerId} does not exist`);
      }
      const account = await this.accounts.create(id, input.customerId ?? null, input.balances);
      await this.audit.record({
        action: 'card-account.create',
        entityType: 'card-account',
        entityId: id,
        changes: this.audit.summarize(undefined, { customerId: account.customerId, FOOD: input.balances.FOOD, MEAL: input.balances.MEAL, CASH: input.balances.CASH }),
      });
      return account;
    });
  }

  async get(id: string): Promise<AccountRecord> {
    const account = await this.accounts.findById(id);
    if (!account) throw new AccountNotFoundError(id);
    return account;
  }

  /** A benefit top-up: the balance, its ledger entry and the audit record commit together. */
  async credit(id: string, category: Category, amountCents: bigint): Promise<AccountRecord> {
    return this.tx.run(async () => {
      const before = await this.get(id);
      const after = await this.accounts.credit(id, category, amountCents, `credit-${randomUUID()}`, MAX_BALANCE_CENTS);
      if (!after) throw new BalanceLimitError(category);
      await this.audit.record({ action: 'card-account.credit', entityType: 'card-account', entityId: id, changes: { [category]: { from: before.balances[category].toString(), to: after.balances[category].toString() } } });
      return after;
    });
  }

  /** Newest first, or oldest first with `sort=createdAt`; a cursor continues the order it was made in. */
  async ledger(id: string, query: { limit: number; from?: Date; to?: Date; cursor?: string; sort?: string }): Promise<{ items: LedgerEntry[]; nextCursor: string | null }> {
    const { limit, from, to } = query;
    const order = explicitSort(query.sort, '-createdAt');
    const position = cursorPosition(query.cursor, order, decodeLedgerCursor);
    const after = position && ('legacy' in position ? position.legacy : toLedgerPosition(instantTextPosition(position)));
    if (!(await this.accounts.exists(id))) throw new AccountNotFoundError(id);
    const rows = await this.accounts.ledger(id, { limit, from, to, after, direction: order ? 'asc' : 'desc' });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    if (rows.length <= limit) return { items, nextCursor: null };
    return { items, nextCursor: order ? encodeSortedCursor(order, last.createdAt.toISOString(), last.id) : Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') };
  }
}

const toLedgerPosition = ({ at, id }: { at: Date; id: string }) => ({ createdAt: at, id });

function decodeLedgerCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  const text = Buffer.from(cursor, 'base64url').toString();
  const split = text.indexOf('|');
  const createdAt = new Date(text.slice(0, split));
  return split > 0 && !Number.isNaN(createdAt.getTime()) ? { createdAt, id: text.slice(split + 1) } : undefined;
}
