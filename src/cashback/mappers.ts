import { formatCents } from '../platform/money';
import { bpsToPercent } from '../products/rates';
import { DeliveryAttemptDto, PurchaseDto, ReconciliationDto } from './dto/purchase.dto';
import type { PurchaseView } from './cashback.service';
import { AttemptRecord, PurchasesRepository } from './purchases.repository';

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

export const toReconciliationDto = (report: Awaited<ReturnType<PurchasesRepository['reconciliation']>>, from?: Date, to?: Date): ReconciliationDto => ({
  from: from?.toISOString() ?? null,
  to: to?.toISOString() ?? null,
  byStatus: report.byStatus.map((line) => ({ status: line.status, purchases: line.purchases, total: formatCents(line.totalCents), cashback: formatCents(line.cashbackCents) })),
  attempts: report.attempts,
});
