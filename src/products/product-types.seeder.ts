import { Injectable } from '@nestjs/common';
import { Seeder } from '../platform/database/seeder';
import { ProductsRepository } from './products.repository';

/** Reference data: the product types of the original challenge and their rates (A 5%, B 15%, C 10%). */
export const SEEDED_PRODUCT_TYPES = [
  { code: 'A', description: 'Tipo A', rateBps: 500 },
  { code: 'B', description: 'Tipo B', rateBps: 1500 },
  { code: 'C', description: 'Tipo C', rateBps: 1000 },
];

@Injectable()
export class ProductTypesSeeder implements Seeder {
  readonly name = 'product-types';

  constructor(private readonly products: ProductsRepository) {}

  /** Only missing types: a rate an operator changed stays. */
  seed(): Promise<number> {
    return this.products.ensureTypes(SEEDED_PRODUCT_TYPES);
  }
}
