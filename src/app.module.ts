import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { CustomersModule } from './customers/customers.module';
import { CardAuthorizationModule } from './card-authorization/card-authorization.module';
import { ProductsModule } from './products/products.module';
import { CashbackModule } from './cashback/cashback.module';
import { PlatformModule } from './platform/platform.module';
import { TelemetryModule } from './telemetry/telemetry.module';
import { ImageRecognitionModule } from './image-recognition/image-recognition.module';
import { SeedModule } from './seed/seed.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [PlatformModule, AuditModule, UsersModule, CustomersModule, CardAuthorizationModule, ProductsModule, CashbackModule, TelemetryModule, ImageRecognitionModule, SeedModule],
})
export class AppModule {}
