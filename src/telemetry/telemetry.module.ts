import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from '../platform/crypto/crypto.module';
import { ObservabilityModule } from '../platform/observability/observability.module';
import { QueueModule } from '../platform/queue/queue.module';
import { UsersModule } from '../users/users.module';
import { DeadLettersService } from './dead-letters.service';
import { DemoDeviceSeeder } from './demo-device.seeder';
import { DeviceOwnershipService } from './device-ownership.service';
import { ReadingsConsumer } from './readings.consumer';
import { ReadingsRepository } from './readings.repository';
import { TelemetryController } from './telemetry.controller';
import { TelemetryService } from './telemetry.service';

/** Devices and their gyroscope and GPS readings: ingestion through queues, storage, reads. */
@Module({
  imports: [AuditModule, CryptoModule, QueueModule, ObservabilityModule, UsersModule],
  controllers: [TelemetryController],
  providers: [ReadingsRepository, DeviceOwnershipService, TelemetryService, ReadingsConsumer, DeadLettersService, DemoDeviceSeeder],
  exports: [TelemetryService, DeadLettersService, DemoDeviceSeeder],
})
export class TelemetryModule {}
