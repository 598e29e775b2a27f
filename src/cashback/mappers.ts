import { formatCents } from '../platform/money';
import { bpsToPercent } from './cashback-rules';
import { DeliveryAttemptDto, PurchaseDto } from './dto/purchase.dto';
import type { PurchaseView } from './cashback.service';
import { AttemptRecord } from './purchases.repository';

export const toPurchaseDto = ({ purchase, document }: PurchaseView): PurchaseDto => ({
  id: purchase.id,
  document,
  cashback: formatCents(purchase.cashbackCents),
  status: purchase.status,
  total: formatCents(purchase.totalCents),
  soldAt: purchase.soldAt.toISOString(),
  customerId: purchase.customerId,
  items: purchase.items.map((item) => ({ type: item.type, value: formatCents(item.unitCents), qty: item.qty, rate: bpsToPercent(item.rateBps), cashback: formatCents(item.cashbackCents) })),
  attempts: purchase.attempts,
  deliveredAt: purchase.deliveredAt?.toISOString() ?? null,
  createdAt: purchase.createdAt.toISOString(),
});

export const toAttemptDto = (attempt: AttemptRecord): DeliveryAttemptDto => ({
  attemptedAt: attempt.attemptedAt.toISOString(),
  httpStatus: attempt.httpStatus,
  responseBody: attempt.responseBody,
  error: attempt.error,
  latencyMs: attempt.latencyMs,
});
