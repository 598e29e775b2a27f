import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from '../platform/crypto/crypto.module';
import { CustomerErasure } from './customer-erasure';
import { CustomerEventsController } from './customer-events.controller';
import { CustomerEventsService } from './customer-events.service';
import { CustomersController } from './customers.controller';
import { CustomersRepository } from './customers.repository';
import { DemoCustomersSeeder } from './customers.seeder';
import { CustomersService } from './customers.service';
import { EventsRepository } from './events.repository';
import { EncryptionKeysCheck, KeyRotationService, NameIndexBackfill } from './key-rotation.service';
import { TierACodec } from './tier-a-codec';

/**
 * Customers and their credit data in three tiers: A (identity and debts, encrypted), B (score data)
 * and C (recent events). Other modules record tier-C events through CustomerEventsService.
 */
@Module({
  imports: [AuditModule, CryptoModule],
  controllers: [CustomersController, CustomerEventsController],
  providers: [
    CustomersRepository,
    EventsRepository,
    TierACodec,
    CustomersService,
    CustomerErasure,
    CustomerEventsService,
    KeyRotationService,
    EncryptionKeysCheck,
    NameIndexBackfill,
    DemoCustomersSeeder,
  ],
  exports: [CustomersService, CustomerErasure, CustomerEventsService, DemoCustomersSeeder],
})
export class CustomersModule {}
