import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { TransactionHost } from '../platform/database/transaction-host';
import { UnknownReferenceError } from '../platform/http/domain-error';
import { ProductNotFoundError, ProductTypeExistsError, ProductTypeNotFoundError, SkuTakenError } from './errors';
import { ProductRecord, ProductsRepository, ProductTypeRecord } from './products.repository';
import { SortKey } from '../platform/http/sorting';
import type { ProductSortField } from './products.repository';

@Injectable()
export class ProductsService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  types(): Promise<ProductTypeRecord[]> {
    return this.products.types();
  }

  /** Current rates by type code, for pricing a purchase. */
  async rates(): Promise<Map<string, number>> {
    return new Map((await this.products.types()).map((type) => [type.code, type.rateBps]));
  }

  async type(code: string): Promise<ProductTypeRecord> {
    const type = await this.products.type(code);
    if (!type) throw new ProductTypeNotFoundError(code);
    return type;
  }

  createType(input: { code: string; description: string; rateBps: number }): Promise<ProductTypeRecord> {
    return this.tx.run(async () => {
      if (await this.products.type(input.code)) throw new ProductTypeExistsError(input.code);
      const type = await this.products.createType(input);
      await this.audit.record({ action: 'product-type.create', entityType: 'product-type', entityId: type.code, changes: this.audit.summarize(undefined, input) });
      return type;
    });
  }

  /** A rate change applies to new purchases only: each purchase keeps the rate it was priced with. */
  updateType(code: string, changes: { description?: string; rateBps?: number }): Promise<ProductTypeRecord> {
    return this.tx.run(async () => {
      const before = await this.type(code);
      const after = await this.products.updateType(code, changes);
      await this.audit.record({
        action: 'product-type.update',
        entityType: 'product-type',
        entityId: code,
        changes: this.audit.summarize({ description: before.description, rateBps: before.rateBps }, { description: after.description, rateBps: after.rateBps }),
      });
      return after;
    });
  }

  list(skip: number, take: number, typeCode?: string, sort?: SortKey<ProductSortField>[]) {
    return this.products.products(skip, take, typeCode, sort);
  }

  async get(id: string): Promise<ProductRecord> {
    const product = await this.products.product(id);
    if (!product) throw new ProductNotFoundError(id);
    return product;
  }

  create(input: { sku: string; name: string; typeCode: string; priceCents: bigint }): Promise<ProductRecord> {
    return this.tx.run(async () => {
      if (!(await this.products.type(input.typeCode))) throw new UnknownReferenceError('type', `product type ${input.typeCode} does not exist`);
      if (await this.products.skuTaken(input.sku)) throw new SkuTakenError(input.sku);
      const product = await this.products.createProduct(input);
      await this.audit.record({ action: 'product.create', entityType: 'product', entityId: product.id, changes: this.audit.summarize(undefined, input) });
      return product;
    });
  }

  update(id: string, changes: { sku?: string; name?: string; typeCode?: string; priceCents?: bigint }): Promise<ProductRecord> {
    return this.tx.run(async () => {
      const before = await this.get(id);
      if (changes.typeCode !== undefined && !(await this.products.type(changes.typeCode))) throw new UnknownReferenceError('type', `product type ${changes.typeCode} does not exist`);
      if (changes.sku !== undefined && (await this.products.skuTaken(changes.sku, id))) throw new SkuTakenError(changes.sku);
      const after = await this.products.updateProduct(id, changes);
      const view = (p: ProductRecord) => ({ sku: p.sku, name: p.name, typeCode: p.typeCode, priceCents: p.priceCents });
      await this.audit.record({ action: 'product.update', entityType: 'product', entityId: id, changes: this.audit.summarize(view(before), view(after)) });
      return after;
    });
  }

  async delete(id: string): Promise<void> {
    await this.tx.run(async () => {
      if (!(await this.products.deleteProduct(id))) throw new ProductNotFoundError(id);
      await this.audit.record({ action: 'product.delete', entityType: 'product', entityId: id });
    });
  }
}
