import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { TransactionHost } from '../platform/database/transaction-host';
import { Category, categoryForMcc, normalizeMerchantName } from './category-resolver';
import { MerchantExistsError, MerchantNotFoundError } from './errors';
import { MerchantDirectory } from './merchant-directory';
import { MerchantRecord, MerchantSortField, MerchantsRepository } from './merchants.repository';
import { SortKey } from '../platform/http/sorting';

/** A merchant is registered with a category, or with an MCC from which the category comes. */
export interface MerchantInput {
  name: string;
  category?: Category;
  mcc?: string;
}

@Injectable()
export class MerchantsService {
  constructor(
    private readonly merchants: MerchantsRepository,
    private readonly directory: MerchantDirectory,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  list(sort?: SortKey<MerchantSortField>[]): Promise<MerchantRecord[]> {
    return this.merchants.all(sort);
  }

  async get(id: string): Promise<MerchantRecord> {
    const merchant = await this.merchants.findById(id);
    if (!merchant) throw new MerchantNotFoundError(id);
    return merchant;
  }

  async create(input: MerchantInput): Promise<MerchantRecord> {
    const created = await this.tx.run(async () => {
      const name = normalizeMerchantName(input.name);
      if (await this.merchants.findByName(name)) throw new MerchantExistsError(name);
      const merchant = await this.merchants.create({ name, category: input.category ?? categoryForMcc(input.mcc), mcc: input.category ? null : (input.mcc ?? null) });
      await this.audit.record({ action: 'merchant.create', entityType: 'merchant', entityId: merchant.id, changes: this.audit.summarize(undefined, { name, category: merchant.category, mcc: merchant.mcc }) });
      return merchant;
    });
    await this.directory.reload();
    return created;
  }

  /** Creates or updates by name; returns whether it was created (CLI import). */
  async upsert(input: MerchantInput): Promise<'created' | 'updated' | 'unchanged'> {
    const existing = await this.merchants.findByName(normalizeMerchantName(input.name));
    if (!existing) {
      await this.create(input);
      return 'created';
    }
    const category = input.category ?? categoryForMcc(input.mcc);
    const mcc = input.category ? null : (input.mcc ?? null);
    if (existing.category === category && existing.mcc === mcc) return 'unchanged';
    await this.update(existing.id, input);
    return 'updated';
  }

  async update(id: string, input: Partial<MerchantInput>): Promise<MerchantRecord> {
    const updated = await this.tx.run(async () => {
      const before = await this.get(id);
      const name = input.name === undefined ? undefined : normalizeMerchantName(input.name);
      if (name && name !== before.name && (await this.merchants.findByName(name))) throw new MerchantExistsError(name);
      const classification = input.category ? { category: input.category, mcc: null } : input.mcc ? { category: categoryForMcc(input.mcc), mcc: input.mcc } : {};
      const after = await this.merchants.update(id, { name, ...classification });
      await this.audit.record({
        action: 'merchant.update',
        entityType: 'merchant',
        entityId: id,
        changes: this.audit.summarize({ name: before.name, category: before.category, mcc: before.mcc }, { name: after.name, category: after.category, mcc: after.mcc }),
      });
      return after;
    });
    await this.directory.reload();
    return updated;
  }

  async delete(id: string): Promise<void> {
    await this.tx.run(async () => {
      const before = await this.get(id);
      await this.merchants.delete(id);
      await this.audit.record({ action: 'merchant.delete', entityType: 'merchant', entityId: id, changes: this.audit.summarize({ name: before.name, category: before.category }, undefined) });
    });
    await this.directory.reload();
  }
}
