import { Injectable } from '@nestjs/common';
import { AppConfig } from '../platform/config/app-config';

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
 * POST {document, cashback} to CASHBACK_API_URL, with a timeout. The purchase id goes in the
 * Idempotency-Key header, so a receiver that honours it drops the rare duplicate of an
 * at-least-once delivery.
 */
@Injectable()
export class HttpCashbackApiClient extends CashbackApiClient {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async deliver(request: { purchaseId: string; document: string; cashback: string }): Promise<DeliveryResult> {
    const started = Date.now();
    try {
      const response = await fetch(this.config.cashback.apiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': request.purchaseId },
        body: JSON.stringify({ document: request.document, cashback: request.cashback }),
        signal: AbortSignal.timeout(this.config.cashback.timeoutMs),
      });
      const body = (await response.text()).slice(0, 2000);
      return { ok: response.ok, httpStatus: response.status, responseBody: body, error: response.ok ? null : `HTTP ${response.status}`, latencyMs: Date.now() - started };
    } catch (error) {
      const failure = error as Error & { cause?: { code?: string } };
      const reason = failure.name === 'TimeoutError' ? `timed out after ${this.config.cashback.timeoutMs} ms` : (failure.cause?.code ?? failure.message);
      return { ok: false, httpStatus: null, responseBody: null, error: reason, latencyMs: Date.now() - started };
    }
  }
}
