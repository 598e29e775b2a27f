import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { normalizeCpf } from '../customers/cpf';
import { CustomerEventsService } from '../customers/customer-events.service';
import { CustomersService } from '../customers/customers.service';
import { Principal } from '../platform/auth/principal';
import { Clock } from '../platform/clock';
import { BlindIndex } from '../platform/crypto/blind-index';
import { FieldCipher } from '../platform/crypto/field-cipher';
import { TransactionHost } from '../platform/database/transaction-host';
import { formatCents, parseMoney } from '../platform/money';
import { ProductsService } from '../products/products.service';
import { itemsTotalCents, parseSoldAt, priceItems, PurchaseItem } from './cashback-rules';
import { CASHBACK_DELIVERY_QUEUE } from './delivery.constants';
import { IdempotencyKeyReusedError, InvalidPurchaseError, NotResendableError, PurchaseNotFoundError } from './errors';
import { AttemptRecord, PurchaseFilter, PurchaseRecord, PurchasesRepository } from './purchases.repository';
import { QueueService } from '../platform/queue/queue.service';

export interface PurchaseInput {
  sold_at: string;
  customer: { document: string; name: string };
  total: string | number;
  products: Array<{ type: string; value: string | number; qty: number }>;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Accepts an ERP's purchase: checks what field validation cannot (the total, the types, the date),
 * prices it with the current rates, and stores in one transaction the purchase, its items, the raw
 * payload, the customer (found or created by CPF), its FINANCIAL_MOVEMENT event, the audit record
 * and the delivery job.
 */
@Injectable()
export class CashbackService {
  constructor(
    private readonly purchases: PurchasesRepository,
    private readonly products: ProductsService,
    private readonly customers: CustomersService,
    private readonly events: CustomerEventsService,
    private readonly queue: QueueService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly blindIndex: BlindIndex,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async accept(input: PurchaseInput, poster: Principal, idempotencyKey?: string): Promise<{ purchase: PurchaseRecord; replayed: boolean }> {
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    if (idempotencyKey) {
      const prior = await this.purchases.findByIdempotencyKey(poster.email, idempotencyKey);
      if (prior) return this.replay(prior, requestHash);
    }
    const rates = await this.products.rates();
    const { soldAt, items, totalCents } = this.check(input, rates);
    const priced = priceItems(items, rates);
    const cashbackCents = priced.reduce((sum, item) => sum + item.cashbackCents, 0n);
    const document = normalizeCpf(input.customer.document);
    const id = randomUUID();
    try {
      const purchase = await this.tx.run(async () => {
        const customer = await this.customers.findOrCreateByCpf(document, input.customer.name);
        const created = await this.purchases.create({
          id,
          customerId: customer.id,
          documentIndex: this.blindIndex.of('cpf', document),
          documentEnc: this.cipher.encrypt(document, `cashback_purchases:${id}:document`),
          soldAt,
          totalCents,
          cashbackCents,
          idempotencyKey: idempotencyKey ?? null,
          requestHash,
          rawPayloadEnc: this.cipher.encrypt(JSON.stringify(input), `cashback_purchases:${id}:raw_payload`),
          postedBy: poster.email,
          postedByUserId: poster.userId,
          items: priced,
        });
        await this.events.record(
          customer.id,
          { type: 'FINANCIAL_MOVEMENT', occurredAt: soldAt, amountCents: -totalCents, details: { source: 'purchase', purchaseId: id, merchant: poster.email, cashback: formatCents(cashbackCents) } },
          { audit: false },
        );
        await this.audit.record({
          action: 'cashback.purchase.create',
          entityType: 'cashback-purchase',
          entityId: id,
          changes: { total: { to: formatCents(totalCents) }, cashback: { to: formatCents(cashbackCents) }, customer: { to: customer.created ? 'created' : 'existing' } },
        });
        await this.queue.send(CASHBACK_DELIVERY_QUEUE, { purchaseId: id }, { singletonKey: id });
        return created;
      });
      return { purchase, replayed: false };
    } catch (error) {
      // Two requests with one Idempotency-Key raced: the loser rolled back whole; answer as a replay.
      if (idempotencyKey && (error as { code?: string }).code === 'P2002') {
        const prior = await this.purchases.findByIdempotencyKey(poster.email, idempotencyKey);
        if (prior) return this.replay(prior, requestHash);
      }
      throw error;
    }
  }

  async get(id: string): Promise<{ purchase: PurchaseRecord; attempts: AttemptRecord[]; document: string | null }> {
    const purchase = await this.purchases.findById(id);
    if (!purchase) throw new PurchaseNotFoundError(id);
    return { purchase, attempts: await this.purchases.attempts(id), document: this.documentOf(purchase) };
  }

  documentOf(purchase: PurchaseRecord): string | null {
    if (purchase.documentEnc === null) return null;
    return this.cipher.decrypt(purchase.documentEnc, `cashback_purchases:${purchase.id}:document`);
  }

  list(filter: Omit<PurchaseFilter, 'documentIndex'> & { document?: string }, skip: number, take: number) {
    const { document, ...rest } = filter;
    return this.purchases.list({ ...rest, documentIndex: document ? this.blindIndex.of('cpf', normalizeCpf(document)) : undefined }, skip, take);
  }

  /** Re-queues a FAILED delivery (PENDING again); the attempt history stays. */
  async resend(id: string): Promise<PurchaseRecord> {
    return this.tx.run(async () => {
      const purchase = await this.purchases.findById(id);
      if (!purchase) throw new PurchaseNotFoundError(id);
      if (!(await this.purchases.reopen(id))) throw new NotResendableError(purchase.status);
      await this.queueDelivery(id, 'FAILED');
      return { ...purchase, status: 'PENDING' };
    });
  }

  /**
   * Queues again every PENDING purchase that no job will deliver (its last attempt failed before
   * it could be recorded, or its job was removed); answers their ids.
   */
  async requeueStuck(): Promise<string[]> {
    const pending = await this.purchases.idsByStatus('PENDING');
    const live = await this.queue.withLiveJobs(CASHBACK_DELIVERY_QUEUE, 'purchaseId', pending);
    const stuck = pending.filter((id) => !live.has(id));
    for (const id of stuck) await this.tx.run(() => this.queueDelivery(id, 'PENDING'));
    return stuck;
  }

  /** A new delivery job for a purchase now PENDING, and its audit record, in the ambient transaction. */
  private async queueDelivery(id: string, from: 'FAILED' | 'PENDING'): Promise<void> {
    await this.queue.send(CASHBACK_DELIVERY_QUEUE, { purchaseId: id }, { singletonKey: id });
    await this.audit.record({ action: 'cashback.purchase.resend', entityType: 'cashback-purchase', entityId: id, changes: { status: { from, to: 'PENDING' } } });
  }

  idsByStatus(status: 'FAILED' | 'PENDING' | 'DELIVERED'): Promise<string[]> {
    return this.purchases.idsByStatus(status);
  }

  reconciliation(from?: Date, to?: Date) {
    return this.purchases.reconciliation(from, to);
  }

  private replay(prior: PurchaseRecord, requestHash: string): { purchase: PurchaseRecord; replayed: boolean } {
    if (prior.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    return { purchase: prior, replayed: true };
  }

  private check(input: PurchaseInput, rates: ReadonlyMap<string, number>): { soldAt: Date; items: PurchaseItem[]; totalCents: bigint } {
    const problems: Array<{ name: string; reasons: string[] }> = [];
    const soldAt = parseSoldAt(input.sold_at);
    if (!soldAt) problems.push({ name: 'sold_at', reasons: ['sold_at must be a date-time as YYYY-MM-DD HH:mm:ss or ISO 8601'] });
    else if (soldAt.getTime() > this.clock.now().getTime() + FUTURE_TOLERANCE_MS) problems.push({ name: 'sold_at', reasons: ['sold_at must not be in the future'] });
    const items = input.products.map((product, index) => {
      if (!rates.has(product.type)) problems.push({ name: `products[${index}].type`, reasons: [`product type ${product.type} does not exist`] });
      return { type: product.type, unitCents: parseMoney(product.value)!, qty: product.qty };
    });
    const totalCents = parseMoney(input.total)!;
    const sum = itemsTotalCents(items);
    if (sum !== totalCents) problems.push({ name: 'total', reasons: [`total must equal the sum of value × qty (${formatCents(sum)})`] });
    if (problems.length) throw new InvalidPurchaseError(problems);
    return { soldAt: soldAt!, items, totalCents };
  }
}
