import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Counter, Gauge } from 'prom-client';
import { z } from 'zod';
import { AppConfig } from '../platform/config/app-config';
import { TransactionHost } from '../platform/database/transaction-host';
import { MetricsService } from '../platform/observability/metrics.service';
import { BatchFailures, BatchJob, PermanentJobError, QueueService } from '../platform/queue/queue.service';
import { GpsMessage, GyroscopeMessage, ReadingsRepository } from './readings.repository';
import { normalizeDeviceId, ReadingKind } from './telemetry-fields';
import { TELEMETRY_QUEUES } from './telemetry.constants';

const common = {
  id: z.uuid(),
  deviceId: z.string().refine((value) => normalizeDeviceId(value) === value, 'deviceId must be a normalized MAC address'),
  takenAt: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  sentBy: z.string().min(1).max(254),
  requestId: z.string().max(128).nullable(),
};

/** Every message is checked against its schema before it is stored: a queue is an input too. */
const MESSAGE_SCHEMAS = {
  gyroscope: z.strictObject({ ...common, x: z.number(), y: z.number(), z: z.number() }),
  gps: z.strictObject({ ...common, locationEnc: z.string().regex(/^v1\.[\w-]+\.[\w-]+\.[\w-]*\.[\w-]+$/) }),
} satisfies Record<ReadingKind, z.ZodType>;

/**
 * Stores queued readings, one consumer loop per kind. A batch is stored in one transaction; when
 * that fails, each reading is stored on its own so that one bad reading fails alone (and is retried
 * with backoff, then dead-lettered) while the others are stored.
 */
@Injectable()
export class ReadingsConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReadingsConsumer.name);
  private readonly stored: Counter<'kind'>;
  private readonly failed: Counter<'kind'>;

  constructor(
    private readonly readings: ReadingsRepository,
    private readonly queue: QueueService,
    private readonly tx: TransactionHost,
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    metrics: MetricsService,
  ) {
    this.stored = new Counter({ name: 'telemetry_readings_stored_total', help: 'Readings stored by kind (duplicates not counted)', labelNames: ['kind'], registers: [metrics.registry] });
    this.failed = new Counter({ name: 'telemetry_readings_failed_total', help: 'Readings whose storing failed (each attempt), by kind', labelNames: ['kind'], registers: [metrics.registry] });
    const jobs = this.queue;
    new Gauge({
      name: 'telemetry_queue_depth',
      help: 'Jobs waiting in each telemetry queue and dead-letter queue',
      labelNames: ['queue'],
      registers: [metrics.registry],
      async collect() {
        for (const { queue, deadLetter } of Object.values(TELEMETRY_QUEUES)) {
          this.set({ queue }, await jobs.size(queue).catch(() => 0));
          this.set({ queue: deadLetter }, await jobs.size(deadLetter).catch(() => 0));
        }
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { retryLimit, retryDelaySeconds, consumersEnabled, batchSize } = this.config.telemetry;
    for (const kind of ['gyroscope', 'gps'] as const) {
      const { queue, deadLetter } = TELEMETRY_QUEUES[kind];
      await this.queue.createQueue(deadLetter, { retryLimit: 0, retentionDays: 30 });
      await this.queue.createQueue(queue, { retryLimit, retryDelay: retryDelaySeconds, retryBackoff: true, expireInSeconds: 60, deadLetter });
    }
    if (!consumersEnabled || !this.adapterHost.httpAdapter) return;
    await this.queue.consume<GyroscopeMessage>(TELEMETRY_QUEUES.gyroscope.queue, { batchSize, idleMs: 500 }, (jobs) => this.store('gyroscope', jobs));
    await this.queue.consume<GpsMessage>(TELEMETRY_QUEUES.gps.queue, { batchSize, idleMs: 500 }, (jobs) => this.store('gps', jobs));
  }

  async store(kind: ReadingKind, jobs: BatchJob<GyroscopeMessage | GpsMessage>[]): Promise<BatchFailures> {
    const failures: BatchFailures = new Map();
    const valid: BatchJob<GyroscopeMessage | GpsMessage>[] = [];
    for (const job of jobs) {
      const parsed = MESSAGE_SCHEMAS[kind].safeParse(job.data);
      if (parsed.success) valid.push(job);
      else failures.set(job.id, new PermanentJobError(`invalid ${kind} message: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`));
    }
    try {
      this.stored.inc({ kind }, await this.storeAll(kind, valid.map((job) => job.data)));
    } catch (batchError) {
      if (valid.length > 1) this.logger.warn(`storing ${valid.length} ${kind} readings together failed (${conciseError(batchError)}); storing them one by one`);
      for (const job of valid) {
        try {
          this.stored.inc({ kind }, await this.storeAll(kind, [job.data]));
        } catch (error) {
          failures.set(job.id, new Error(conciseError(error)));
        }
      }
    }
    for (const [id, error] of failures) {
      this.failed.inc({ kind });
      this.logger.warn(`${kind} reading job ${id} failed: ${error.message}`);
    }
    return failures;
  }

  private storeAll(kind: ReadingKind, messages: Array<GyroscopeMessage | GpsMessage>): Promise<number> {
    if (!messages.length) return Promise.resolve(0);
    return this.tx.run(async () => {
      await this.readings.touchDevices(messages);
      return kind === 'gyroscope' ? this.readings.insertGyroscope(messages as GyroscopeMessage[]) : this.readings.insertGps(messages as GpsMessage[]);
    });
  }
}

/** The line of a (Prisma) error that says what happened, for a job's recorded error and the logs. */
export function conciseError(error: unknown): string {
  const lines = String((error as Error)?.message ?? error)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return (lines[lines.length - 1] ?? 'unknown error').slice(0, 500);
}
