import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import { TransactionHost } from '../database/transaction-host';

export interface BatchJob<T> {
  id: string;
  data: T;
  retryCount: number;
  retryLimit: number;
}

/**
 * How long a job may wait in its queue, or in a dead-letter queue, before pg-boss archives it: ten
 * years, i.e. until it is processed or replayed. pg-boss's own default (14 days, doubled for a dead
 * letter) would silently drop readings whose only copy is the job.
 */
const KEEP_MINUTES = 10 * 365 * 24 * 60;

/** A job that can never succeed (a message that breaks its schema): it skips its retries. */
export class PermanentJobError extends Error {}

/** What a batch handler reports: the jobs that failed and why; every other job is completed. */
export type BatchFailures = Map<string, Error>;

export interface DeadLetter<T = unknown> {
  id: string;
  data: T;
  /** The error the job failed with, as recorded by the queue. */
  error: string | null;
  createdOn: Date;
}

/**
 * Durable jobs in PostgreSQL (pg-boss), on the application's database. `send` joins the ambient
 * transaction, so a job exists exactly when the data that needs it was committed.
 */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly logger = new Logger(QueueService.name);
  private boss?: PgBoss;
  private starting?: Promise<PgBoss>;
  private readonly consumers: { stop(): Promise<void> }[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionHost,
  ) {}

  /** Starts pg-boss once (creating its `pgboss` schema on first use). */
  start(): Promise<PgBoss> {
    this.starting ??= (async () => {
      const boss = new PgBoss({
        connectionString: this.config.database.url,
        max: 4,
        application_name: 'benefits-platform-queue',
        schema: 'pgboss',
        // How soon jobs of a crashed process (left active) are expired and retried.
        maintenanceIntervalSeconds: this.config.queue.maintenanceIntervalSeconds,
      });
      boss.on('error', (error: Error) => this.logger.error(`queue: ${error.message}`));
      await boss.start();
      this.boss = boss;
      return boss;
    })();
    return this.starting;
  }

  async createQueue(name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
    const boss = await this.start();
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...options });
    else await boss.updateQueue(name, { name, ...options });
  }

  /**
   * A work queue and its dead-letter queue, where jobs land once `retryLimit` retries (with
   * exponential backoff from `retryDelay` seconds) have failed. Jobs wait, and dead letters stay,
   * until they are processed or replayed (KEEP_MINUTES).
   */
  async createQueueWithDeadLetter(queue: string, deadLetter: string, options: { retryLimit: number; retryDelay: number; expireInSeconds: number }): Promise<void> {
    // pg-boss keeps only the minutes form of a queue's retention.
    await this.createQueue(deadLetter, { retryLimit: 0, retentionMinutes: KEEP_MINUTES });
    await this.createQueue(queue, { ...options, retryBackoff: true, deadLetter, retentionMinutes: KEEP_MINUTES });
    // Dead letters written under pg-boss's default retention keep it unless extended (a dead-letter
    // queue is small; the work queue's backlog is left alone).
    await this.tx.db.$executeRawUnsafe(
      `UPDATE pgboss.job SET keep_until = created_on + make_interval(mins => $2) WHERE name = $1 AND state = 'created' AND keep_until < created_on + make_interval(mins => $2)`,
      deadLetter,
      KEEP_MINUTES,
    );
  }

  /** Enqueues inside the current transaction when there is one. */
  async send<T extends object>(queue: string, data: T, options: PgBoss.SendOptions = {}): Promise<string | null> {
    const boss = await this.start();
    const db = this.tx.db;
    return boss.send(queue, data, {
      ...options,
      db: {
        executeSql: async (text: string, values: unknown[]) => ({ rows: await db.$queryRawUnsafe<unknown[]>(text, ...values) }),
      },
    });
  }

  /** Enqueues many jobs in one statement (inside the current transaction when there is one). */
  async insert(jobs: PgBoss.JobInsert[]): Promise<void> {
    if (!jobs.length) return;
    const boss = await this.start();
    const db = this.tx.db;
    // Outside a transaction (a reading accepted on its own) the insert goes straight to the pool as
    // a prepared statement, clear of Prisma's query pipeline; inside one it joins it.
    const executeSql =
      db instanceof PrismaService
        ? async (text: string, values: unknown[]) => ({ rows: await db.preparedText(text, values) })
        : async (text: string, values: unknown[]) => ({ rows: await db.$queryRawUnsafe<unknown[]>(text, ...values) });
    await boss.insert(jobs, { db: { executeSql } });
  }

  /**
   * A loop that takes up to `batchSize` jobs at a time and hands them to `handler` together, then
   * completes the jobs it did not report as failed and fails the others (the queue's retry policy
   * and dead-letter queue apply to each job on its own). A full batch is followed at once by the
   * next; an empty queue is polled every `idleMs`. Stopped, and awaited, at shutdown.
   */
  async consume<T extends object>(queue: string, options: { batchSize: number; idleMs: number }, handler: (jobs: BatchJob<T>[]) => Promise<BatchFailures>): Promise<void> {
    const boss = await this.start();
    let stopping = false;
    let wake: (() => void) | undefined;
    const loop = (async () => {
      while (!stopping) {
        let idle = true;
        try {
          const jobs = (await boss.fetch<T>(queue, { batchSize: options.batchSize, includeMetadata: true })) ?? [];
          if (jobs.length) await this.settle(boss, queue, jobs, handler);
          idle = jobs.length < options.batchSize;
        } catch (error) {
          this.logger.error(`queue ${queue}: ${(error as Error).message}`);
        }
        if (idle && !stopping) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, options.idleMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    })();
    this.consumers.push({
      stop: async () => {
        stopping = true;
        wake?.();
        await loop;
      },
    });
  }

  /**
   * `consume` for jobs that succeed or fail one by one: `workers` loops each take up to `batchSize`
   * jobs and run them concurrently. A loop that found a full batch fetches again at once, so the
   * rate is bound by the handler, not by polling.
   */
  async consumeEach<T extends object>(queue: string, options: { workers: number; batchSize: number; idleMs: number }, handler: (job: BatchJob<T>) => Promise<void>): Promise<void> {
    for (let worker = 0; worker < options.workers; worker += 1) {
      await this.consume<T>(queue, options, async (jobs) => {
        const results = await Promise.allSettled(jobs.map((job) => handler(job)));
        return new Map(results.flatMap((result, index) => (result.status === 'rejected' ? [[jobs[index].id, toError(result.reason)] as const] : [])));
      });
    }
  }

  private async settle<T extends object>(boss: PgBoss, queue: string, jobs: PgBoss.JobWithMetadata<T>[], handler: (jobs: BatchJob<T>[]) => Promise<BatchFailures>): Promise<void> {
    let failures: BatchFailures;
    try {
      failures = await handler(jobs.map((job) => ({ id: job.id, data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit })));
    } catch (error) {
      failures = new Map(jobs.map((job) => [job.id, error as Error]));
    }
    const done = jobs.filter((job) => !failures.has(job.id)).map((job) => job.id);
    if (done.length) await boss.complete(queue, done);
    for (const [id, error] of failures) {
      if (error instanceof PermanentJobError) {
        // Straight to the dead-letter queue: fail() retries while retry_count < retry_limit.
        await this.tx.db.$executeRawUnsafe(`UPDATE pgboss.job SET retry_limit = retry_count WHERE name = $1 AND id = $2::uuid`, queue, id);
      }
      await boss.fail(queue, id, { message: error.message });
    }
  }

  /** Jobs waiting in a dead-letter queue, oldest first, without taking them. */
  async deadLetters<T>(queue: string, limit: number): Promise<DeadLetter<T>[]> {
    await this.start();
    const rows = await this.tx.db.$queryRawUnsafe<{ id: string; data: T; output: { message?: string } | null; created_on: Date }[]>(
      `SELECT id, data, output, created_on FROM pgboss.job WHERE name = $1 AND state = 'created' ORDER BY created_on, id LIMIT $2`,
      queue,
      limit,
    );
    return rows.map((row) => ({ id: row.id, data: row.data, error: row.output?.message ?? null, createdOn: row.created_on }));
  }

  /**
   * Takes one job out of a dead-letter queue (deleting it) and sends its data again to `target`,
   * in one transaction: a job is replayed once even when two operators replay at the same time.
   * Answers the new job's id, or null when the dead letter was gone.
   */
  async replay(deadLetterQueue: string, id: string, target: string): Promise<string | null> {
    await this.start();
    return this.tx.run(async () => {
      const rows = await this.tx.db.$queryRawUnsafe<{ data: object }[]>(
        `DELETE FROM pgboss.job WHERE name = $1 AND id = $2::uuid AND state = 'created' RETURNING data`,
        deadLetterQueue,
        id,
      );
      if (!rows.length) return null;
      return this.send(target, rows[0].data);
    });
  }

  /**
   * Which of `keys` have a job waiting, retrying or running in `queue`, the key being the job data's
   * `field`. What has none will not be processed unless it is queued again.
   */
  async withLiveJobs(queue: string, field: string, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    await this.start();
    const rows = await this.tx.db.$queryRawUnsafe<{ key: string }[]>(
      `SELECT DISTINCT data->>$2 AS key FROM pgboss.job WHERE name = $1 AND state < 'completed' AND data->>$2 = ANY($3::text[])`,
      queue,
      field,
      keys,
    );
    return new Set(rows.map((row) => row.key));
  }

  async size(queue: string): Promise<number> {
    return (await this.start()).getQueueSize(queue);
  }

  /**
   * Stops taking jobs and lets the ones in hand finish. At module destruction, not application
   * shutdown: handlers use the database, whose pool closes after this module is destroyed.
   */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.stop()));
    if (this.boss) await this.boss.stop({ graceful: true, timeout: 2000, wait: true }).catch(() => undefined);
  }
}

const toError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason)));
