import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { maskCpf } from '../customers/cpf';
import { CpfService } from '../customers/cpf.service';
import { CustomerErasure } from '../customers/customer-erasure';
import { CustomersService } from '../customers/customers.service';
import { MissingClaimsError } from '../platform/auth/auth.errors';
import { Claim } from '../platform/auth/claims';
import { Principal } from '../platform/auth/principal';
import { Clock } from '../platform/clock';
import { FieldCipher, fieldAad } from '../platform/crypto/field-cipher';
import { TransactionHost } from '../platform/database/transaction-host';
import { formatCents, parseMoney } from '../platform/money';
import { ProductsService } from '../products/products.service';
import { itemsTotalCents, parseSoldAt, priceItems, PurchaseItem } from './cashback-rules';
import { CASHBACK_DELIVERY_QUEUE } from './delivery.constants';
import { IdempotencyKeyReusedError, InvalidPurchaseError, NotResendableError, PurchaseNotFoundError } from './errors';
import { AttemptRecord, documentAad, PosterScope, PurchaseFilter, PurchaseRecord, PurchasesRepository } from './purchases.repository';
import { mayReadDocuments, posterScope } from './tenancy';
import { QueueService } from '../platform/queue/queue.service';

export interface PurchaseInput {
  sold_at: string;
  customer: { document: string; name: string };
  total: string | number;
  products: Array<{ type: string; value: string | number; qty: number }>;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** A purchase as one reader may see it: `document` in clear, masked, or null (customer erased). */
export interface PurchaseView {
  purchase: PurchaseRecord;
  document: string | null;
}

/**
 * Accepts an ERP's purchase: checks what field validation cannot (the total, the types, the date),
 * prices it with the current rates, and stores in one statement (`cashback_accept`) the purchase, its
 * items, the raw payload, the customer (found or created by CPF), its FINANCIAL_MOVEMENT event, the
 * audit records and the delivery job: two round trips in all, the rates and the statement.
 */
@Injectable()
export class CashbackService {
  constructor(
    private readonly purchases: PurchasesRepository,
    private readonly products: ProductsService,
    private readonly customers: CustomersService,
    private readonly queue: QueueService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly cpf: CpfService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    erasure: CustomerErasure,
  ) {
    erasure.register('cashback-purchases', (customerId) => this.eraseCustomer(customerId));
  }

  async accept(input: PurchaseInput, poster: Principal, idempotencyKey?: string): Promise<{ view: PurchaseView; replayed: boolean }> {
    const { purchase, replayed, document } = await this.store(input, poster, idempotencyKey);
    // A new purchase's CPF is the one just posted: no need to decrypt it again to show it.
    const known = document === undefined ? undefined : new Map([[purchase.id, document]]);
    const [view] = await this.views([purchase], poster, known);
    return { view, replayed };
  }

  /** Stores the purchase; a new one comes back with its CPF, normalized, as it was sealed. */
  private async store(input: PurchaseInput, poster: Principal, idempotencyKey?: string): Promise<{ purchase: PurchaseRecord; replayed: boolean; document?: string }> {
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    const rates = await this.products.rates();
    const { soldAt, items, totalCents } = this.check(input, rates);
    const priced = priceItems(items, rates);
    const cashbackCents = priced.reduce((sum, item) => sum + item.cashbackCents, 0n);
    const id = randomUUID();
    const document = this.cpf.seal(input.customer.document, documentAad(id));
    const purchase = {
      id,
      documentIndex: document.index,
      documentEnc: document.enc,
      soldAt,
      totalCents,
      cashbackCents,
      idempotencyKey: idempotencyKey ?? null,
      requestHash,
      rawPayloadEnc: this.cipher.encrypt(JSON.stringify(input), fieldAad('cashback_purchases', id, 'raw_payload')),
      postedBy: poster.email,
      postedByUserId: poster.userId,
      items: priced,
    };
    // The queue's tables exist once pg-boss has started (at once, after the first time).
    await this.queue.start();
    const accepted = await this.purchases.accept({
      purchase,
      customer: this.customers.sealNewCustomer(document.cpf, input.customer.name),
      eventDetails: { source: 'purchase', purchaseId: id, merchant: poster.email, cashback: formatCents(cashbackCents) },
      actor: this.audit.actor(),
      total: formatCents(totalCents),
      cashback: formatCents(cashbackCents),
      queue: CASHBACK_DELIVERY_QUEUE,
    });
    if (accepted.replayed) {
      const prior = await this.purchases.findById(accepted.purchaseId, undefined);
      if (!prior) throw new PurchaseNotFoundError(accepted.purchaseId);
      return this.replay(prior, requestHash);
    }
    const { rawPayloadEnc: _payload, postedBy: _by, postedByUserId: _userId, ...record } = purchase;
    return {
      purchase: { ...record, customerId: accepted.customerId, status: 'PENDING', attempts: 0, deliveredAt: null, createdAt: accepted.createdAt },
      replayed: false,
      document: document.cpf,
    };
  }

  /** One purchase the reader may see (another poster's answers 404), with its delivery attempts. */
  async get(id: string, reader: Principal): Promise<{ view: PurchaseView; attempts: AttemptRecord[] }> {
    const purchase = await this.purchases.findById(id, posterScope(reader));
    if (!purchase) throw new PurchaseNotFoundError(id);
    const [view] = await this.views([purchase], reader);
    return { view, attempts: await this.purchases.attempts(id) };
  }

  /** A page of the purchases the reader may see; filtering by CPF needs customers:read-sensitive. */
  async list(filter: Omit<PurchaseFilter, 'documentIndex' | 'postedByUserId'> & { document?: string }, skip: number, take: number, reader: Principal) {
    const { document, ...rest } = filter;
    if (document !== undefined && !mayReadDocuments(reader)) throw new MissingClaimsError([Claim.CustomersReadSensitive]);
    const documentIndex = document === undefined ? undefined : this.cpf.index(document);
    const { items, total } = await this.purchases.list({ ...rest, documentIndex, postedByUserId: posterScope(reader) }, skip, take);
    return { items: await this.views(items, reader), total };
  }

  /**
   * Re-queues a FAILED delivery (PENDING again); the attempt history stays. A reader re-sends only
   * what it may see; without one (the CLI, an operator's own shell) any purchase.
   */
  async resend(id: string, reader?: Principal): Promise<PurchaseView> {
    const purchase = await this.tx.run(async () => {
      const found = await this.purchases.findById(id, reader && posterScope(reader));
      if (!found) throw new PurchaseNotFoundError(id);
      if (!(await this.purchases.reopen(id))) throw new NotResendableError(found.status);
      await this.queueDelivery(id, 'FAILED');
      return { ...found, status: 'PENDING' as const };
    });
    return reader ? (await this.views([purchase], reader))[0] : { purchase, document: null };
  }

  /**
   * Erases a deleted customer's CPF and name from its purchases (cipher text, blind index, and the
   * stored payload), in the ambient transaction. Amounts, items and attempts stay for reconciliation.
   */
  async eraseCustomer(customerId: string): Promise<number> {
    const purchases = await this.purchases.withDocumentOf(customerId);
    for (const { id, rawPayloadEnc } of purchases) {
      const payload = JSON.parse(this.cipher.decrypt(rawPayloadEnc, fieldAad('cashback_purchases', id, 'raw_payload'))) as PurchaseInput;
      const anonymous = { ...payload, customer: { document: null, name: null } };
      await this.purchases.eraseDocument(id, this.cipher.encrypt(JSON.stringify(anonymous), fieldAad('cashback_purchases', id, 'raw_payload')));
    }
    return purchases.length;
  }

  /**
   * What the reader is shown of each purchase: the CPF in clear with customers:read-sensitive (each
   * such purchase audited, like a tier-A read), masked otherwise, null once the customer is erased.
   */
  private async views(purchases: PurchaseRecord[], reader: Principal, known?: ReadonlyMap<string, string>): Promise<PurchaseView[]> {
    const clear = mayReadDocuments(reader);
    const views = purchases.map((purchase) => {
      const document = purchase.documentEnc === null ? null : (known?.get(purchase.id) ?? this.cpf.open(purchase.documentEnc, documentAad(purchase.id)));
      return { purchase, document: document && (clear ? document : maskCpf(document)) };
    });
    if (clear) {
      await this.audit.recordMany(
        views.filter((view) => view.document !== null).map((view) => ({ action: 'cashback.purchase.read-sensitive', entityType: 'cashback-purchase', entityId: view.purchase.id })),
      );
    }
    return views;
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

  /** Re-sends every purchase whose delivery FAILED (each PENDING again, queued again); answers their ids. */
  async resendFailed(): Promise<string[]> {
    const failed = await this.purchases.idsByStatus('FAILED');
    for (const id of failed) await this.resend(id);
    return failed;
  }

  /** A new delivery job for a purchase now PENDING, and its audit record, in the ambient transaction. */
  private async queueDelivery(id: string, from: 'FAILED' | 'PENDING'): Promise<void> {
    await this.queue.send(CASHBACK_DELIVERY_QUEUE, { purchaseId: id }, { singletonKey: id });
    await this.audit.record({ action: 'cashback.purchase.resend', entityType: 'cashback-purchase', entityId: id, changes: { status: { from, to: 'PENDING' } } });
  }

  reconciliation(scope: PosterScope, from?: Date, to?: Date) {
    return this.purchases.reconciliation(scope, from, to);
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
