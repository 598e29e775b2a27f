import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CustomersModule } from '../customers/customers.module';
import { CryptoModule } from '../platform/crypto/crypto.module';
import { ObservabilityModule } from '../platform/observability/observability.module';
import { QueueModule } from '../platform/queue/queue.module';
import { ProductsModule } from '../products/products.module';
import { CashbackApiClient, HttpCashbackApiClient } from './cashback-api.client';
import { CashbackController } from './cashback.controller';
import { CashbackService } from './cashback.service';
import { DeliveryService } from './delivery.service';
import { CashbackDeliveryTarget } from './delivery-target';
import { DevCashbackReceiverModule } from './dev-receiver/dev-cashback-receiver.module';
import { PurchasesRepository } from './purchases.repository';

/** ERP purchases, their cashback, and its delivery to the cashback API. */
@Module({
  imports: [AuditModule, CustomersModule, ProductsModule, CryptoModule, QueueModule, ObservabilityModule, DevCashbackReceiverModule],
  controllers: [CashbackController],
  providers: [PurchasesRepository, CashbackService, DeliveryService, CashbackDeliveryTarget, { provide: CashbackApiClient, useClass: HttpCashbackApiClient }],
  exports: [CashbackService, DeliveryService],
})
export class CashbackModule {}
