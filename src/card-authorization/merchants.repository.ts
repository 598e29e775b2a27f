import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../platform/database/transaction-host';
import { Category } from './category-resolver';
import { orderByOf, SortKey } from '../platform/http/sorting';

export const MERCHANT_SORT_FIELDS = ['name', 'category', 'createdAt'] as const;
export type MerchantSortField = (typeof MERCHANT_SORT_FIELDS)[number];

export interface MerchantRecord {
  id: string;
  name: string;
  category: Category;
  mcc: string | null;
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class MerchantsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** By name unless sorted otherwise. */
  async all(sort: SortKey<MerchantSortField>[] = [{ field: 'name', direction: 'asc' }]): Promise<MerchantRecord[]> {
    return (await this.tx.db.cardMerchant.findMany({ orderBy: orderByOf(sort, { name: 'name', category: 'category', createdAt: 'createdAt' }) })) as MerchantRecord[];
  }

  async findById(id: string): Promise<MerchantRecord | undefined> {
    return ((await this.tx.db.cardMerchant.findUnique({ where: { id } })) as MerchantRecord | null) ?? undefined;
  }

  async findByName(name: string): Promise<MerchantRecord | undefined> {
    return ((await this.tx.db.cardMerchant.findUnique({ where: { name } })) as MerchantRecord | null) ?? undefined;
  }

  async create(data: { name: string; category: Category; mcc: string | null }): Promise<MerchantRecord> {
    return (await this.tx.db.cardMerchant.create({ data })) as MerchantRecord;
  }

  async update(id: string, data: { name?: string; category?: Category; mcc?: string | null }): Promise<MerchantRecord> {
    return (await this.tx.db.cardMerchant.update({ where: { id }, data })) as MerchantRecord;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.tx.db.cardMerchant.deleteMany({ where: { id } })).count === 1;
  }
}
