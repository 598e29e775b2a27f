import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../platform/config/app-config';
import { QueueService } from '../platform/queue/queue.service';
import { TELEMETRY_QUEUES } from '../telemetry/telemetry.constants';
import { PhotoJob, PhotosService } from './photos.service';

/**
 * The photo queue: recognizes photos the provider could not answer for when they arrived, retrying
 * with exponential backoff; after the last retry the job goes to the dead-letter queue (the photo
 * stays PENDING until an operator replays it).
 */
@Injectable()
export class RecognitionWorker implements OnApplicationBootstrap {
  constructor(
    private readonly photos: PhotosService,
    private readonly queue: QueueService,
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { retryLimit, retryDelaySeconds, timeoutMs } = this.config.recognition;
    const { queue, deadLetter } = TELEMETRY_QUEUES.photo;
    await this.queue.createQueueWithDeadLetter(queue, deadLetter, { retryLimit, retryDelay: retryDelaySeconds, expireInSeconds: Math.ceil(timeoutMs / 1000) + 60 });
    if (!this.config.telemetry.consumersEnabled || !this.adapterHost.httpAdapter) return;
    // Most jobs find their photo analysed already (they are the safety net of an upload) and end at
    // once; the few PENDING ones each wait on the provider, so jobs run concurrently.
    await this.queue.consumeEach<PhotoJob>(queue, { workers: 2, batchSize: 10, idleMs: 1000 }, (job) => this.photos.retry(job.data.photoId));
  }
}
