import { createHash } from 'node:crypto';
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
  private readonly statementNames = new Map<string, string>();

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

  /**
   * A named prepared statement run straight on the pool, for the few hot statements (card
   * authorization, the tier-C summary): each connection parses and plans it once, and the call
   * skips Prisma's query pipeline. Not for use inside an interactive transaction, whose connection
   * this is not. Values go as text (bigints too); rows come back as pg gives them (bigint as string,
   * json parsed, timestamptz as Date).
   */
  async prepared<T>(name: string, text: string, values: ReadonlyArray<string | number | boolean | Date | null>): Promise<T[]> {
    return (await this.pool.query({ name, text, values: values as unknown[] })).rows as T[];
  }

  /**
   * The same, for a statement built by a library whose text is the same on every call (pg-boss's
   * job insert): named after its text, so each connection prepares it once.
   */
  preparedText<T>(text: string, values: ReadonlyArray<unknown>): Promise<T[]> {
    let name = this.statementNames.get(text);
    if (!name) {
      name = `q_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      if (this.statementNames.size >= 1_000) this.statementNames.clear();
      this.statementNames.set(text, name);
    }
    return this.prepared<T>(name, text, values as ReadonlyArray<string | null>);
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    if (!this.pool.ended) await this.pool.end();
  }
}
