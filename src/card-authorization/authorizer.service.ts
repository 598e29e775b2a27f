import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { CustomerEventsService } from '../customers/customer-events.service';
import { Clock } from '../platform/clock';
import { AppConfig } from '../platform/config/app-config';
import { MetricsService } from '../platform/observability/metrics.service';
import { parseAuthorizationRequest, payloadFingerprint } from './authorization-request';
import { AuthorizerRepository, isPastDeadline } from './authorizer.repository';
import { AuthorizationTimeoutError } from './errors';
import { resolveCategory } from './category-resolver';
import { MerchantDirectory } from './merchant-directory';

export type AuthorizationCode = '00' | '51' | '07';

/**
 * Authorizes a card transaction: validate, resolve the category in memory (merchant, then MCC),
 * then one database statement decides, debits and writes the ledger. The tier-C CARD_PURCHASE
 * event of the account's customer is recorded after the answer, off the answer path.
 *
 * The database has CARD_AUTHORIZATION_TIMEOUT_MS to decide, the wait for a pool connection
 * included; past it the answer is AuthorizationTimeoutError (07 under the card network's contract)
 * and the statement is given the same deadline, so it cannot debit after that answer.
 */
@Injectable()
export class AuthorizerService {
  private readonly logger = new Logger(AuthorizerService.name);
  private readonly outcomes: Counter<'code' | 'category'>;
  private readonly latency: Histogram<'code'>;
  private readonly timeouts: Counter;
  /** Each outcome's series, bound on first use: no label objects or timer closures per request. */
  private readonly series = new Map<string, { count: () => void; observe: (seconds: number) => void }>();

  constructor(
    private readonly repository: AuthorizerRepository,
    private readonly merchants: MerchantDirectory,
    private readonly customerEvents: CustomerEventsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    this.timeouts = metrics.counter({
      name: 'card_authorization_timeouts_total',
      help: 'Card authorizations the database did not decide within CARD_AUTHORIZATION_TIMEOUT_MS (answered 07, nothing debited)',
    });
    this.outcomes = metrics.counter({
      name: 'card_authorizations_total',
      help: 'Card authorizations by answer code and resolved category',
      labelNames: ['code', 'category'],
    });
    this.latency = metrics.histogram({
      name: 'card_authorization_duration_seconds',
      help: 'Time to decide a card authorization, from parsed request to answer',
      labelNames: ['code'],
      buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1, 0.25],
    });
  }

  async authorize(body: unknown): Promise<AuthorizationCode> {
    const started = process.hrtime.bigint();
    const request = parseAuthorizationRequest(body);
    if (!request) {
      this.record('07', 'none', started);
      return '07';
    }
    const { category } = resolveCategory(request, this.merchants.current);
    const { timeoutMs } = this.config.cardAuthorization;
    const decision = this.repository.authorize(
      {
        id: request.id ?? null,
        account: request.account,
        amountCents: request.amountCents,
        mcc: request.mcc,
        merchant: request.merchant,
        category,
        payloadHash: payloadFingerprint(request),
      },
      // The database's deadline comes a little earlier than the answer's, so a decision committed
      // in time also reaches this process in time: a late answer then means nothing was debited.
      new Date(this.clock.now().getTime() + timeoutMs - Math.min(250, Math.floor(timeoutMs / 10))),
    );
    const outcome = await withinDeadline(decision, timeoutMs).catch((error: unknown) => {
      if (!(error instanceof AuthorizationTimeoutError) && !isPastDeadline(error)) throw error;
      this.timeouts.inc();
      this.seriesOf('timeout', '').observe(secondsSince(started));
      this.logger.warn(`card authorization${request.id ? ` ${request.id}` : ''} on account ${request.account} not decided within ${timeoutMs} ms: answered as unavailable, nothing debited`);
      throw error instanceof AuthorizationTimeoutError ? error : new AuthorizationTimeoutError(timeoutMs);
    });
    this.record(outcome.code, category, started);
    if (outcome.code === '00' && outcome.customerId && !outcome.replayed) {
      const customerId = outcome.customerId;
      setImmediate(() => {
        this.customerEvents
          .record(
            customerId,
            {
              type: 'CARD_PURCHASE',
              occurredAt: this.clock.now(),
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

  private record(code: AuthorizationCode, category: string, started: bigint): void {
    const series = this.seriesOf(code, category);
    series.count();
    series.observe(secondsSince(started));
  }

  private seriesOf(code: string, category: string): { count: () => void; observe: (seconds: number) => void } {
    const key = `${code} ${category}`;
    let series = this.series.get(key);
    if (!series) {
      const outcome = this.outcomes.labels({ code, category });
      series = { count: () => outcome.inc(), observe: this.latency.labels({ code }).observe };
      this.series.set(key, series);
    }
    return series;
  }
}

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The decision, or AuthorizationTimeoutError once `ms` have passed (the late decision is dropped). */
function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AuthorizationTimeoutError(ms)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
