import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../../generated/prisma/client';
import { AppConfig } from '../config/app-config';

/**
 * The one Prisma client of the process, on the pg driver adapter (no native engine). Connections
 * are opened lazily; readiness (/health/ready) proves the database answers. Only repositories
 * inject this.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The connection pool, owned here so its use can be measured (see DatabasePoolMetrics). */
  readonly pool: Pool;

  constructor(config: AppConfig) {
    const { url, poolSize, connectTimeoutMs, queryTimeoutMs } = config.database;
    if (!url) throw new Error('DATABASE_URL is not set: the entry point must prepare the database before the application starts');
    const pool = new Pool({
      connectionString: url,
      max: poolSize,
      connectionTimeoutMillis: connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      // The server cancels a statement that runs too long; the client gives up on a server that
      // stopped answering at all (frozen, partitioned) a little later.
      statement_timeout: queryTimeoutMs,
      query_timeout: queryTimeoutMs + 1000,
      application_name: 'benefits-platform-api',
    });
    // An idle connection the server drops (restart, failover) must not crash the process; the pool
    // replaces it on the next checkout.
    const logger = new Logger(PrismaService.name);
    pool.on('error', (error) => logger.warn(`database: an idle connection failed: ${error.message}`));
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    if (!this.pool.ended) await this.pool.end();
  }
}
