import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';
import { AppConfig } from '../config/app-config';

/**
 * The one Prisma client of the process, on the pg driver adapter (no native engine). Connections
 * are opened lazily; readiness (/health/ready) proves the database answers. Only repositories
 * inject this.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(config: AppConfig) {
    const { url, poolSize, connectTimeoutMs } = config.database;
    if (!url) throw new Error('DATABASE_URL is not set: the entry point must prepare the database before the application starts');
    super({
      adapter: new PrismaPg({
        connectionString: url,
        max: poolSize,
        connectionTimeoutMillis: connectTimeoutMs,
        idleTimeoutMillis: 30_000,
        application_name: 'benefits-platform-api',
      }),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
