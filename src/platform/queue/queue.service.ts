import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig } from '../config/app-config';
import { TransactionHost } from '../database/transaction-host';

export type JobHandler<T> = (job: { id: string; data: T; retryCount: number; retryLimit: number }) => Promise<void>;

/**
 * Durable jobs in PostgreSQL (pg-boss), on the application's database. `send` joins the ambient
 * transaction, so a job exists exactly when the data that needs it was committed.
 */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  private boss?: PgBoss;
  private starting?: Promise<PgBoss>;

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
        maintenanceIntervalSeconds: 15,
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

  async work<T extends object>(queue: string, options: PgBoss.WorkOptions, handler: JobHandler<T>): Promise<void> {
    const boss = await this.start();
    await boss.work<T>(queue, { ...options, includeMetadata: true }, async (jobs) => {
      for (const job of jobs) await handler({ id: job.id, data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit });
    });
  }

  async size(queue: string): Promise<number> {
    return (await this.start()).getQueueSize(queue);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.boss) await this.boss.stop({ graceful: true, timeout: 2000, wait: true }).catch(() => undefined);
  }
}
