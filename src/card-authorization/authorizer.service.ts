import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { CustomerEventsService } from '../customers/customer-events.service';
import { MetricsService } from '../platform/observability/metrics.service';
import { parseAuthorizationRequest, payloadFingerprint } from './authorization-request';
import { AuthorizerRepository } from './authorizer.repository';
import { resolveCategory } from './category-resolver';
import { MerchantDirectory } from './merchant-directory';

export type AuthorizationCode = '00' | '51' | '07';

/**
 * Authorizes a card transaction: validate, resolve the category in memory (merchant, then MCC),
 * then one database statement decides, debits and writes the ledger. The tier-C CARD_PURCHASE
 * event of the account's customer is recorded after the answer, off the answer path.
 */
@Injectable()
export class AuthorizerService {
  private readonly logger = new Logger(AuthorizerService.name);
  private readonly outcomes: Counter<'code' | 'category'>;
  private readonly latency: Histogram<'code'>;

  constructor(
    private readonly repository: AuthorizerRepository,
    private readonly merchants: MerchantDirectory,
    private readonly customerEvents: CustomerEventsService,
    metrics: MetricsService,
  ) {
    this.outcomes = new Counter({
      name: 'card_authorizations_total',
      help: 'Card authorizations by answer code and resolved category',
      labelNames: ['code', 'category'],
      registers: [metrics.registry],
    });
    this.latency = new Histogram({
      name: 'card_authorization_duration_seconds',
      help: 'Time to decide a card authorization, from parsed request to answer',
      labelNames: ['code'],
      buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1, 0.25],
      registers: [metrics.registry],
    });
  }

  async authorize(body: unknown): Promise<AuthorizationCode> {
    const stop = this.latency.startTimer();
    const request = parseAuthorizationRequest(body);
    if (!request) {
      this.outcomes.inc({ code: '07', category: 'none' });
      stop({ code: '07' });
      return '07';
    }
    const { category } = resolveCategory(request, this.merchants.current);
    const outcome = await this.repository.authorize({
      id: request.id ?? null,
      account: request.account,
      amountCents: request.amountCents,
      mcc: request.mcc ?? null,
      merchant: request.merchant ?? null,
      category,
      payloadHash: payloadFingerprint(request),
    });
    this.outcomes.inc({ code: outcome.code, category });
    stop({ code: outcome.code });
    if (outcome.code === '00' && outcome.customerId && !outcome.replayed) {
      const customerId = outcome.customerId;
      setImmediate(() => {
        this.customerEvents
          .record(
            customerId,
            {
              type: 'CARD_PURCHASE',
              occurredAt: new Date(),
              amountCents: request.amountCents,
              details: { account: request.account, transactionId: request.id ?? randomUUID(), mcc: request.mcc, merchant: request.merchant, balance: outcome.balance },
            },
            { audit: false },
          )
          .catch((error: Error) => this.logger.warn(`card purchase event for customer ${customerId} not recorded: ${error.message}`));
      });
    }
    return outcome.code;
  }
}
