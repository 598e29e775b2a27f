import { Injectable } from '@nestjs/common';
import { Seeder } from '../platform/database/seeder';
import { normalizeMerchantName } from './category-resolver';
import { MerchantInput, MerchantsService } from './merchants.service';

/**
 * The four merchants of the original challenge, in every environment (docs/card-authorization.md
 * explains each choice): rides and payment intermediaries spend CASH, food delivery spends MEAL.
 */
export const SEEDED_MERCHANTS: MerchantInput[] = [
  { name: 'UBER TRIP                   SAO PAULO BR', category: 'CASH' },
  { name: 'UBER EATS                   SAO PAULO BR', category: 'MEAL' },
  { name: 'PAG*JoseDaSilva          RIO DE JANEI BR', category: 'CASH' },
  { name: 'PICPAY*BILHETEUNICO           GOIANIA BR', category: 'CASH' },
];

@Injectable()
export class MerchantsSeeder implements Seeder {
  readonly name = 'card-merchants';

  constructor(private readonly merchants: MerchantsService) {}

  async seed(): Promise<number> {
    let created = 0;
    const existing = new Set((await this.merchants.list()).map((merchant) => merchant.name));
    for (const merchant of SEEDED_MERCHANTS) {
      // Only missing ones: an operator's later change to a seeded merchant stays.
      if (existing.has(normalizeMerchantName(merchant.name))) continue;
      await this.merchants.create(merchant);
      created += 1;
    }
    return created;
  }
}
