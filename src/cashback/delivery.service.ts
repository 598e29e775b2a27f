import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Counter, Histogram } from 'prom-client';
import { CpfService } from '../customers/cpf.service';
import { Clock } from '../platform/clock';
import { AppConfig } from '../platform/config/app-config';
import { formatCents } from '../platform/money';
import { MetricsService } from '../platform/observability/metrics.service';
import { QueueService } from '../platform/queue/queue.service';
import { CashbackApiClient } from './cashback-api.client';
import { CASHBACK_DELIVERY_DEAD_LETTER, CASHBACK_DELIVERY_QUEUE } from './delivery.constants';
import { documentAad, PurchasesRepository } from './purchases.repository';

/**
 * Delivers accepted purchases to the cashback API, at least once: a job per purchase, retried with
 * exponential backoff and jitter; every attempt is stored; after the last retry the purchase is
 * FAILED and the job goes to the dead-letter queue. A purchase already DELIVERED is never sent again.
 */
@Injectable()
export class DeliveryService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly deliveries: Counter<'outcome'>;
  private readonly latency: Histogram<'outcome'>;

  constructor(
    private readonly purchases: PurchasesRepository,
    private readonly api: CashbackApiClient,
    private readonly queue: QueueService,
    private readonly cpf: CpfService,
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    this.deliveries = metrics.counter({ name: 'cashback_deliveries_total', help: 'Delivery outcomes: delivered, retry (an attempt failed, another follows), failed (no retry left, after a last attempt or when none could be made)', labelNames: ['outcome'] });
    this.latency = metrics.histogram({
      name: 'cashback_delivery_duration_seconds',
      help: 'Duration of calls to the cashback API',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    const jobs = this.queue;
    metrics.gauge({
      name: 'cashback_delivery_queue_depth',
      help: 'Deliveries waiting in the queue',
      async collect() {
        this.set(await jobs.size(CASHBACK_DELIVERY_QUEUE).catch(() => 0));
      },
    });
  }

  /** Queues exist in every process; workers run only in the API (not in CLI commands) when enabled. */
  async onApplicationBootstrap(): Promise<void> {
    const { retryLimit, retryDelaySeconds, deliveryEnabled } = this.config.cashback;
    await this.queue.createQueueWithDeadLetter(CASHBACK_DELIVERY_QUEUE, CASHBACK_DELIVERY_DEAD_LETTER, {
      retryLimit,
      retryDelay: retryDelaySeconds,
      // An attempt is at most the HTTP timeout plus two writes: past that, its process died.
      expireInSeconds: Math.ceil(this.config.cashback.timeoutMs / 1000) + 5,
    });
    if (!deliveryEnabled || !this.adapterHost.httpAdapter) return;
    // Up to 16 calls to the cashback API at once per process, each job retried or completed on its own.
    await this.queue.consumeEach<{ purchaseId: string }>(CASHBACK_DELIVERY_QUEUE, { workers: 4, batchSize: 4, idleMs: 1000 }, (job) =>
      this.deliver(job.data.purchaseId, job.retryCount >= job.retryLimit),
    );
  }

  /** One attempt. Throws to ask the queue for a retry; `last` marks the purchase FAILED instead. */
  async deliver(purchaseId: string, last: boolean): Promise<void> {
    try {
      await this.attempt(purchaseId, last);
    } catch (error) {
      // An attempt that failed before its outcome was recorded (the purchase unreadable, a key
      // missing, the database away) would leave the purchase PENDING with its job dead-lettered.
      if (last && !(error instanceof DeliveryFailedError)) {
        const failed = await this.purchases.markFailed(purchaseId).catch(() => false);
        if (failed) this.deliveries.inc({ outcome: 'failed' });
        this.logger.error(`cashback delivery of purchase ${purchaseId} could not be attempted (${(error as Error).message}); no retry left${failed ? ': FAILED' : ''}`);
      }
      throw error;
    }
  }

  private async attempt(purchaseId: string, last: boolean): Promise<void> {
    const purchase = await this.purchases.findById(purchaseId, undefined);
    if (!purchase || purchase.status === 'DELIVERED') return;
    if (purchase.documentEnc === null) throw new Error('the purchase no longer carries its document (customer erased)');
    const document = this.cpf.open(purchase.documentEnc, documentAad(purchase.id));
    const result = await this.api.deliver({ purchaseId, document, cashback: formatCents(purchase.cashbackCents) });
    const outcome = result.ok ? 'delivered' : last ? 'failed' : 'retry';
    this.deliveries.inc({ outcome });
    this.latency.observe({ outcome }, result.latencyMs / 1000);
    await this.purchases.recordAttempt(
      purchaseId,
      { attemptedAt: this.clock.now(), httpStatus: result.httpStatus, responseBody: result.responseBody, error: result.error, latencyMs: result.latencyMs },
      result.ok ? 'DELIVERED' : last ? 'FAILED' : undefined,
    );
    if (!result.ok) {
      this.logger.warn(`cashback delivery of purchase ${purchaseId} failed (${result.error})${last ? '; no retry left: FAILED' : '; will retry'}`);
      throw new DeliveryFailedError(result.error);
    }
  }
}

/** The cashback API refused or did not answer; the attempt is recorded. */
class DeliveryFailedError extends Error {
  constructor(reason: string | null | undefined) {
    super(`delivery failed: ${reason}`);
  }
}
