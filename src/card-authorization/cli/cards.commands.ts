import { readFileSync } from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { withContext } from '../../platform/cli/cli-runtime';
import { validateOptions } from '../../platform/cli/input';
import { print, RecordsCommand } from '../../platform/cli/output';
import { UsageError } from '../../platform/boot';
import { parseMoney } from '../../platform/money';
import { CardAuthorizationModule } from '../card-authorization.module';
import { AccountsService } from '../accounts.service';
import { CATEGORIES, Category } from '../category-resolver';
import { AccountDto, CreateAccountDto } from '../dto/account.dto';
import { toAccountDto } from '../mappers';
import { MerchantInput, MerchantsService } from '../merchants.service';

/** `name,category` or `name,mcc` lines (a header line `name,category` or `name,mcc` is skipped); quotes allowed. */
export function parseMerchantsCsv(text: string): MerchantInput[] {
  const rows: MerchantInput[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const fields = [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((match) => match[1].replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, 2);
    const [name, value] = fields.map((field) => (field ?? '').trim());
    if (index === 0 && name.toLowerCase() === 'name') continue;
    if (!name || !value) throw new UsageError(`line ${index + 1}: expected name,category or name,mcc`);
    if ((CATEGORIES as readonly string[]).includes(value.toUpperCase())) rows.push({ name, category: value.toUpperCase() as Category });
    else if (/^\d{4}$/.test(value)) rows.push({ name, mcc: value });
    else throw new UsageError(`line ${index + 1}: "${value}" is neither FOOD, MEAL, CASH nor a 4-digit MCC`);
  }
  return rows;
}

@Command({ name: 'merchants:import', arguments: '<file>', description: 'Create or update merchants from a CSV file of name,category or name,mcc lines' })
export class ImportMerchantsCommand extends CommandRunner {
  async run([file]: string[]): Promise<void> {
    const rows = parseMerchantsCsv(readFileSync(file, 'utf8'));
    await withContext([CardAuthorizationModule], async (context) => {
      const merchants = context.get(MerchantsService);
      const counts = { created: 0, updated: 0, unchanged: 0 };
      for (const row of rows) counts[await merchants.upsert(row)] += 1;
      print(`Imported ${rows.length} merchant(s): ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged.`);
    });
  }
}

interface AccountOptions {
  id?: string;
  customer?: string;
  food: string;
  meal: string;
  cash: string;
}

@Command({ name: 'accounts:create', description: 'Open a benefits-card account with its balances' })
export class CreateAccountCommand extends RecordsCommand<AccountDto, AccountOptions> {
  /** Checked as POST /api/v1/accounts checks its body. */
  protected async records(_params: string[], options: AccountOptions): Promise<AccountDto> {
    const input = await validateOptions(
      CreateAccountDto,
      { id: options.id, customerId: options.customer, balances: { FOOD: options.food, MEAL: options.meal, CASH: options.cash } },
      { customerId: '--customer', 'balances.FOOD': '--food', 'balances.MEAL': '--meal', 'balances.CASH': '--cash' },
    );
    const balances = { FOOD: parseMoney(input.balances.FOOD)!, MEAL: parseMoney(input.balances.MEAL)!, CASH: parseMoney(input.balances.CASH)! };
    return withContext([CardAuthorizationModule], async (context) => toAccountDto(await context.get(AccountsService).create({ id: input.id, customerId: input.customerId, balances })));
  }

  protected render(account: AccountDto): void {
    print(`Created account ${account.id}: FOOD ${account.balances.FOOD}, MEAL ${account.balances.MEAL}, CASH ${account.balances.CASH}.`);
  }

  @Option({ flags: '--id <id>', description: 'Account id the network sends (generated when absent)' })
  parseId(value: string): string {
    return value;
  }

  @Option({ flags: '--customer <uuid>', description: 'Customer holding the card' })
  parseCustomer(value: string): string {
    return value;
  }

  @Option({ flags: '--food <amount>', description: 'FOOD balance', defaultValue: '0' })
  parseFood(value: string): string {
    return value;
  }

  @Option({ flags: '--meal <amount>', description: 'MEAL balance', defaultValue: '0' })
  parseMeal(value: string): string {
    return value;
  }

  @Option({ flags: '--cash <amount>', description: 'CASH balance', defaultValue: '0' })
  parseCash(value: string): string {
    return value;
  }
}
