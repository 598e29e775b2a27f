import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Category } from './category-resolver';
import { MerchantsRepository } from './merchants.repository';

const REFRESH_MS = 30_000;

/**
 * The merchant table in memory, so resolving a category costs no query. Writes in this process
 * reload it at once; other replicas pick changes up within 30 seconds.
 */
@Injectable()
export class MerchantDirectory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MerchantDirectory.name);
  private merchants = new Map<string, Category>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly repository: MerchantsRepository) {}

  get current(): ReadonlyMap<string, Category> {
    return this.merchants;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch((error) => this.logger.warn(`merchant reload failed: ${(error as Error).message}`)), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async reload(): Promise<void> {
    this.merchants = new Map((await this.repository.all()).map((merchant) => [merchant.name, merchant.category]));
  }
}
