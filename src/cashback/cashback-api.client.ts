import { Injectable } from '@nestjs/common';
import { AppConfig } from '../platform/config/app-config';
import { CashbackDeliveryTarget } from './delivery-target';

export interface DeliveryResult {
  ok: boolean;
  httpStatus: number | null;
  responseBody: string | null;
  error: string | null;
  latencyMs: number;
}

/** The external cashback API, as an adapter. */
export abstract class CashbackApiClient {
  abstract deliver(request: { purchaseId: string; document: string; cashback: string }): Promise<DeliveryResult>;
}

/**
 * POST {document, cashback} to CASHBACK_API_URL (or the local receiver), with a timeout. The purchase id goes in the
 * Idempotency-Key header, so a receiver that honours it drops the rare duplicate of an
 * at-least-once delivery.
 */
@Injectable()
export class HttpCashbackApiClient extends CashbackApiClient {
  constructor(
    private readonly config: AppConfig,
    private readonly target: CashbackDeliveryTarget,
  ) {
    super();
  }

  async deliver(request: { purchaseId: string; document: string; cashback: string }): Promise<DeliveryResult> {
    const started = performance.now();
    try {
      const response = await fetch(this.target.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': request.purchaseId },
        body: JSON.stringify({ document: request.document, cashback: request.cashback }),
        signal: AbortSignal.timeout(this.config.cashback.timeoutMs),
      });
      const body = redactResponseBody(await response.text());
      return { ok: response.ok, httpStatus: response.status, responseBody: body, error: response.ok ? null : `HTTP ${response.status}`, latencyMs: elapsedMs(started) };
    } catch (error) {
      const failure = error as Error & { cause?: { code?: string } };
      const reason = failure.name === 'TimeoutError' ? `timed out after ${this.config.cashback.timeoutMs} ms` : (failure.cause?.code ?? failure.message);
      return { ok: false, httpStatus: null, responseBody: null, error: reason, latencyMs: elapsedMs(started) };
    }
  }
}

/** Whole milliseconds since `started` (a performance.now() reading): the attempt's stored latency. */
const elapsedMs = (started: number) => Math.round(performance.now() - started);

const CPF_PATTERN = /\d{3}\.?\d{3}\.?\d{3}-?\d{2}/g;
export const RESPONSE_BODY_LIMIT = 500;

/** What is kept of a receiver's answer: CPFs masked (a receiver may echo its input), at most 500 chars. */
export function redactResponseBody(body: string): string {
  return body.slice(0, RESPONSE_BODY_LIMIT * 2).replace(CPF_PATTERN, '***.***.***-**').slice(0, RESPONSE_BODY_LIMIT);
}
