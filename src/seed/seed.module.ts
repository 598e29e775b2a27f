import { Module } from '@nestjs/common';
import { SEEDERS } from '../platform/database/seeder';
import { AccessCatalogSeeder } from '../users/access-catalog.seeder';
import { DemoUsersSeeder } from '../users/demo-users.seeder';
import { UsersModule } from '../users/users.module';
import { CustomersModule } from '../customers/customers.module';
import { DemoCustomersSeeder } from '../customers/customers.seeder';
import { CardAuthorizationModule } from '../card-authorization/card-authorization.module';
import { MerchantsSeeder } from '../card-authorization/merchants.seeder';
import { DemoCardAccountsSeeder } from '../card-authorization/demo-accounts.seeder';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { DemoDeviceSeeder } from '../telemetry/demo-device.seeder';
import { ProductsModule } from '../products/products.module';
import { ProductTypesSeeder } from '../products/product-types.seeder';
import { SeedService } from './seed.service';

/** Runs the seeders of every module, in dependency order. */
@Module({
  imports: [UsersModule, CustomersModule, CardAuthorizationModule, ProductsModule, TelemetryModule],
  providers: [
    SeedService,
    {
      provide: SEEDERS,
      inject: [AccessCatalogSeeder, DemoUsersSeeder, DemoCustomersSeeder, MerchantsSeeder, DemoCardAccountsSeeder, ProductTypesSeeder, DemoDeviceSeeder],
      useFactory: (...seeders: unknown[]) => seeders,
    },
  ],
  exports: [SeedService],
})
export class SeedModule {}
