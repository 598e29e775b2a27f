import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from '../platform/crypto/crypto.module';
import { CpfService } from './cpf.service';
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
 * and C (recent events). Other modules record tier-C events through CustomerEventsService, and
 * index, seal and open the CPFs they keep a copy of through CpfService.
 */
@Module({
  imports: [AuditModule, CryptoModule],
  controllers: [CustomersController, CustomerEventsController],
  providers: [
    CustomersRepository,
    EventsRepository,
    CpfService,
    TierACodec,
    CustomersService,
    CustomerErasure,
    CustomerEventsService,
    KeyRotationService,
    EncryptionKeysCheck,
    NameIndexBackfill,
    DemoCustomersSeeder,
  ],
  exports: [CustomersService, CpfService, CustomerErasure, CustomerEventsService, DemoCustomersSeeder],
})
export class CustomersModule {}
