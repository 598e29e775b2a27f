import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CustomersModule } from '../customers/customers.module';
import { ObservabilityModule } from '../platform/observability/observability.module';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { AuthorizerRepository } from './authorizer.repository';
import { AuthorizerService } from './authorizer.service';
import { MerchantDirectory } from './merchant-directory';
import { MerchantsController } from './merchants.controller';
import { MerchantsRepository } from './merchants.repository';
import { DemoCardAccountsSeeder } from './demo-accounts.seeder';
import { MerchantsSeeder } from './merchants.seeder';
import { MerchantsService } from './merchants.service';
import { TransactionsController } from './transactions.controller';

/** Benefits-card accounts, merchants and the transaction authorizer. */
@Module({
  imports: [AuditModule, CustomersModule, ObservabilityModule],
  controllers: [TransactionsController, AccountsController, MerchantsController],
  providers: [AccountsRepository, MerchantsRepository, AuthorizerRepository, AccountsService, MerchantsService, MerchantDirectory, AuthorizerService, MerchantsSeeder, DemoCardAccountsSeeder],
  exports: [AccountsService, MerchantsService, MerchantsSeeder, DemoCardAccountsSeeder],
})
export class CardAuthorizationModule {}
