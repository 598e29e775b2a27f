import { Injectable } from '@nestjs/common';
import { DEMO_CUSTOMERS } from '../customers/customers.seeder';
import { CustomersService } from '../customers/customers.service';
import { Seeder } from '../platform/database/seeder';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';

/**
 * Outside production: card account `123` (the account of the original contract's examples), held
 * by the first demo customer, with FOOD 500.00, MEAL 300.00 and CASH 100.00, so that the API
 * document's `POST /transactions` examples are approved when executed.
 */
export const DEMO_CARD_ACCOUNT = { id: '123', customerId: DEMO_CUSTOMERS[0].id, balances: { FOOD: 50_000n, MEAL: 30_000n, CASH: 10_000n } };

@Injectable()
export class DemoCardAccountsSeeder implements Seeder {
  readonly name = 'demo-card-accounts';

  constructor(
    private readonly accounts: AccountsService,
    private readonly repository: AccountsRepository,
    private readonly customers: CustomersService,
  ) {}

  async seed({ demo }: { demo: boolean }): Promise<number> {
    if (!demo || (await this.repository.exists(DEMO_CARD_ACCOUNT.id))) return 0;
    // A database seeded before the demo customers had fixed ids holds them under other ids.
    const held = await this.customers.exists(DEMO_CARD_ACCOUNT.customerId);
    await this.accounts.create({ ...DEMO_CARD_ACCOUNT, customerId: held ? DEMO_CARD_ACCOUNT.customerId : undefined });
    return 1;
  }
}
