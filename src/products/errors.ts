import { domainError, notFoundError } from '../platform/http/domain-error';

export class ProductTypeNotFoundError extends notFoundError('Product type', 'PRODUCT_TYPE_NOT_FOUND') {}

export class ProductNotFoundError extends notFoundError('Product', 'PRODUCT_NOT_FOUND') {}

export class ProductTypeExistsError extends domainError(409, 'PRODUCT_TYPE_EXISTS', 'Product type exists', 'The product type code is taken') {
  constructor(code: string) {
    super(`Product type ${code} already exists.`);
  }
}

export class SkuTakenError extends domainError(409, 'SKU_TAKEN', 'SKU taken', 'Another product has the SKU') {
  constructor(sku: string) {
    super(`Another product has the SKU ${sku}.`);
  }
}
