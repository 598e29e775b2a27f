import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CryptoModule } from '../platform/crypto/crypto.module';
import { ObservabilityModule } from '../platform/observability/observability.module';
import { QueueModule } from '../platform/queue/queue.module';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { PhotosController } from './photos.controller';
import { PhotosRepository } from './photos.repository';
import { PhotosService } from './photos.service';
import { recognitionProvider } from './recognition.providers';
import { RecognitionWorker } from './recognition.worker';

/** Device photos: storage, recognition through the configured provider, the cache and the retry queue. */
@Module({
  imports: [AuditModule, CryptoModule, QueueModule, ObservabilityModule, TelemetryModule],
  controllers: [PhotosController],
  providers: [PhotosRepository, PhotosService, RecognitionWorker, recognitionProvider],
  exports: [PhotosService],
})
export class ImageRecognitionModule {}
