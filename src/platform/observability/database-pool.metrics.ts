import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { MetricsService } from './metrics.service';

/**
 * The API's database connection pool, read at each scrape: connections open, idle, and requests
 * waiting for one. Waiting requests with every connection in use mean DATABASE_POOL_SIZE (or the
 * server's max_connections) is the limit.
 */
@Injectable()
export class DatabasePoolMetrics {
  constructor(prisma: PrismaService, metrics: MetricsService) {
    const { pool } = prisma;
    metrics.gauge({
      name: 'db_pool_connections',
      help: 'Connections of the API database pool by state (open, idle, waiting: requests queued for a connection), and its size (max)',
      labelNames: ['state'],
      collect() {
        this.set({ state: 'open' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
        this.set({ state: 'max' }, pool.options.max ?? 10);
      },
    });
  }
}
