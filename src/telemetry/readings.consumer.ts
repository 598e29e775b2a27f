import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Counter } from 'prom-client';
import { z } from 'zod';
import { AppConfig } from '../platform/config/app-config';
import { TransactionHost } from '../platform/database/transaction-host';
import { MetricsService } from '../platform/observability/metrics.service';
import { BatchFailures, BatchJob, PermanentJobError, QueueService } from '../platform/queue/queue.service';
import { GpsMessage, GyroscopeMessage, ReadingsRepository } from './readings.repository';
import { normalizeDeviceId, ReadingKind } from './telemetry-fields';
import { MAX_BATCH_READINGS, TELEMETRY_QUEUES } from './telemetry.constants';

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

/** A job carries one reading, or the readings of one kind from a batch call (`{readings: [...]}`). */
const GROUP_SCHEMAS = {
  gyroscope: z.strictObject({ readings: z.array(MESSAGE_SCHEMAS.gyroscope).min(1).max(MAX_BATCH_READINGS) }),
  gps: z.strictObject({ readings: z.array(MESSAGE_SCHEMAS.gps).min(1).max(MAX_BATCH_READINGS) }),
} satisfies Record<ReadingKind, z.ZodType>;

const isGroup = (data: unknown): data is { readings: unknown } => typeof data === 'object' && data !== null && 'readings' in data;

type Message = GyroscopeMessage | GpsMessage;
type ReadingJob = Message | { readings: Message[] };

/** Readings stored by one statement at most (a slice of jobs shares a transaction). */
const MAX_READINGS_PER_STATEMENT = 5000;

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
    this.stored = metrics.counter({ name: 'telemetry_readings_stored_total', help: 'Readings stored by kind (duplicates not counted)', labelNames: ['kind'] });
    this.failed = metrics.counter({ name: 'telemetry_readings_failed_total', help: 'Readings whose storing failed (each attempt), by kind', labelNames: ['kind'] });
    const jobs = this.queue;
    metrics.gauge({
      name: 'telemetry_queue_depth',
      help: 'Jobs waiting in each telemetry queue and dead-letter queue',
      labelNames: ['queue'],
      async collect() {
        for (const { queue, deadLetter } of Object.values(TELEMETRY_QUEUES)) {
          this.set({ queue }, await jobs.size(queue).catch(() => 0));
          this.set({ queue: deadLetter }, await jobs.size(deadLetter).catch(() => 0));
        }
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { retryLimit, retryDelaySeconds, jobTimeoutSeconds, consumersEnabled, batchSize } = this.config.telemetry;
    for (const kind of ['gyroscope', 'gps'] as const) {
      const { queue, deadLetter } = TELEMETRY_QUEUES[kind];
      await this.queue.createQueueWithDeadLetter(queue, deadLetter, { retryLimit, retryDelay: retryDelaySeconds, expireInSeconds: jobTimeoutSeconds });
    }
    if (!consumersEnabled || !this.adapterHost.httpAdapter) return;
    await this.queue.consume<ReadingJob>(TELEMETRY_QUEUES.gyroscope.queue, { batchSize, idleMs: 500 }, (jobs) => this.store('gyroscope', jobs));
    await this.queue.consume<ReadingJob>(TELEMETRY_QUEUES.gps.queue, { batchSize, idleMs: 500 }, (jobs) => this.store('gps', jobs));
  }

  async store(kind: ReadingKind, jobs: BatchJob<ReadingJob>[]): Promise<BatchFailures> {
    const failures: BatchFailures = new Map();
    const entries: Array<{ job: BatchJob<ReadingJob>; readings: Message[] }> = [];
    for (const job of jobs) {
      const parsed = (isGroup(job.data) ? GROUP_SCHEMAS[kind] : MESSAGE_SCHEMAS[kind]).safeParse(job.data);
      if (!parsed.success) {
        failures.set(job.id, new PermanentJobError(`invalid ${kind} message: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`));
      } else entries.push({ job, readings: isGroup(job.data) ? (job.data.readings as Message[]) : [job.data as Message] });
    }
    for (const slice of slices(entries, MAX_READINGS_PER_STATEMENT)) {
      try {
        this.stored.inc({ kind }, await this.storeAll(kind, slice.flatMap((entry) => entry.readings)));
      } catch (sliceError) {
        if (slice.length > 1) this.logger.warn(`storing ${slice.length} ${kind} jobs together failed (${conciseError(sliceError)}); storing them one by one`);
        for (const entry of slice) {
          const error = await this.storeAlone(kind, entry);
          if (error) failures.set(entry.job.id, error);
        }
      }
    }
    for (const [id, error] of failures) {
      this.failed.inc({ kind });
      this.logger.warn(`${kind} reading job ${id} failed: ${error.message}`);
    }
    return failures;
  }

  /**
   * One job on its own. A group that fails is split into single-reading jobs (job id = reading id),
   * so one bad reading retries and dead-letters alone while the others are stored.
   */
  private async storeAlone(kind: ReadingKind, entry: { job: BatchJob<ReadingJob>; readings: Message[] }): Promise<Error | undefined> {
    try {
      this.stored.inc({ kind }, await this.storeAll(kind, entry.readings));
      return undefined;
    } catch (error) {
      if (entry.readings.length === 1) return new Error(conciseError(error));
      try {
        await this.queue.insert(entry.readings.map((reading) => ({ id: reading.id, name: TELEMETRY_QUEUES[kind].queue, data: reading })));
        this.logger.warn(`${kind} job ${entry.job.id} (${entry.readings.length} readings) failed (${conciseError(error)}); split into one job per reading`);
        return undefined;
      } catch (splitError) {
        return new Error(conciseError(splitError));
      }
    }
  }

  private storeAll(kind: ReadingKind, messages: Message[]): Promise<number> {
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

/** Consecutive runs of entries holding at most `limit` readings each (an entry is never split). */
function slices<T extends { readings: unknown[] }>(entries: T[], limit: number): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  let count = 0;
  for (const entry of entries) {
    if (current.length && count + entry.readings.length > limit) {
      result.push(current);
      current = [];
      count = 0;
    }
    current.push(entry);
    count += entry.readings.length;
  }
  if (current.length) result.push(current);
  return result;
}
