import { Injectable } from '@nestjs/common';
import { Seeder } from '../platform/database/seeder';
import { AccessCatalogRepository } from './access-catalog.repository';
import { ALL_CLAIMS, ROLES } from './claims';

/** Reference data, needed in every environment: the claim list and the seeded roles. */
@Injectable()
export class AccessCatalogSeeder implements Seeder {
  readonly name = 'roles-and-claims';

  constructor(private readonly repository: AccessCatalogRepository) {}

  async seed(): Promise<number> {
    return (await this.repository.ensureClaims(ALL_CLAIMS)) + (await this.repository.ensureRoles(ROLES));
  }
}
