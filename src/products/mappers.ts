import { bpsToPercent } from './rates';
import { formatCents } from '../platform/money';
import { ProductDto, ProductTypeDto } from './dto/product.dto';
import { ProductRecord, ProductTypeRecord } from './products.repository';

export const toProductTypeDto = (type: ProductTypeRecord): ProductTypeDto => ({
  code: type.code,
  description: type.description,
  rate: bpsToPercent(type.rateBps),
  updatedAt: type.updatedAt.toISOString(),
});

export const toProductDto = (product: ProductRecord): ProductDto => ({
  id: product.id,
  sku: product.sku,
  name: product.name,
  type: product.typeCode,
  price: formatCents(product.priceCents),
  createdAt: product.createdAt.toISOString(),
  updatedAt: product.updatedAt.toISOString(),
});
