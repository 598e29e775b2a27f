import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../platform/database/transaction-host';
import { orderByOf, SortKey } from '../platform/http/sorting';

export const PRODUCT_SORT_FIELDS = ['sku', 'name', 'price', 'createdAt'] as const;
export type ProductSortField = (typeof PRODUCT_SORT_FIELDS)[number];

export interface ProductTypeRecord {
  code: string;
  description: string;
  rateBps: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductRecord {
  id: string;
  sku: string;
  name: string;
  typeCode: string;
  priceCents: bigint;
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class ProductsRepository {
  constructor(private readonly tx: TransactionHost) {}

  types(): Promise<ProductTypeRecord[]> {
    return this.tx.db.productType.findMany({ orderBy: { code: 'asc' } });
  }

  async type(code: string): Promise<ProductTypeRecord | undefined> {
    return (await this.tx.db.productType.findUnique({ where: { code } })) ?? undefined;
  }

  createType(data: { code: string; description: string; rateBps: number }): Promise<ProductTypeRecord> {
    return this.tx.db.productType.create({ data });
  }

  /** Inserts the types that do not exist yet; returns how many were created. */
  async ensureTypes(types: Array<{ code: string; description: string; rateBps: number }>): Promise<number> {
    return (await this.tx.db.productType.createMany({ data: types, skipDuplicates: true })).count;
  }

  updateType(code: string, data: { description?: string; rateBps?: number }): Promise<ProductTypeRecord> {
    return this.tx.db.productType.update({ where: { code }, data });
  }

  /** By SKU unless sorted otherwise. */
  async products(skip: number, take: number, typeCode?: string, sort: SortKey<ProductSortField>[] = [{ field: 'sku', direction: 'asc' }]): Promise<{ items: ProductRecord[]; total: number }> {
    const where = { typeCode };
    const [items, total] = await Promise.all([
      this.tx.db.product.findMany({ where, orderBy: orderByOf(sort, { sku: 'sku', name: 'name', price: 'priceCents', createdAt: 'createdAt' }), skip, take }),
      this.tx.db.product.count({ where }),
    ]);
    return { items, total };
  }

  async product(id: string): Promise<ProductRecord | undefined> {
    return (await this.tx.db.product.findUnique({ where: { id } })) ?? undefined;
  }

  async skuTaken(sku: string, exceptId?: string): Promise<boolean> {
    return (await this.tx.db.product.count({ where: { sku, id: exceptId === undefined ? undefined : { not: exceptId } } })) > 0;
  }

  createProduct(data: { sku: string; name: string; typeCode: string; priceCents: bigint }): Promise<ProductRecord> {
    return this.tx.db.product.create({ data });
  }

  updateProduct(id: string, data: { sku?: string; name?: string; typeCode?: string; priceCents?: bigint }): Promise<ProductRecord> {
    return this.tx.db.product.update({ where: { id }, data });
  }

  async deleteProduct(id: string): Promise<boolean> {
    return (await this.tx.db.product.deleteMany({ where: { id } })).count === 1;
  }
}
