import { DomainError, notFoundError } from '../platform/http/domain-error';

export class ProductTypeNotFoundError extends notFoundError('Product type', 'PRODUCT_TYPE_NOT_FOUND') {}

export class ProductNotFoundError extends notFoundError('Product', 'PRODUCT_NOT_FOUND') {}

export class ProductTypeExistsError extends DomainError {
  readonly code = 'PRODUCT_TYPE_EXISTS';
  readonly status = 409;
  readonly title = 'Product type exists';
  constructor(code: string) {
    super(`Product type ${code} already exists.`);
  }
}

export class SkuTakenError extends DomainError {
  readonly code = 'SKU_TAKEN';
  readonly status = 409;
  readonly title = 'SKU taken';
  constructor(sku: string) {
    super(`Another product has the SKU ${sku}.`);
  }
}
