import { Injectable } from '@nestjs/common';
import { ADMIN_ROLE, ALL_CLAIMS, SEEDED_ROLES } from '../platform/auth/claims';
import { Seeder } from '../platform/database/seeder';
import { TransactionHost } from '../platform/database/transaction-host';
import { AccessCatalogRepository } from './access-catalog.repository';

/**
 * Reference data, needed in every environment: the claim catalog, the seeded roles and their
 * starting claims. A role's claims are written only when the seed creates the role, so an
 * operator's later changes stay; the admin role is topped up with every claim on every run.
 */
@Injectable()
export class AccessCatalogSeeder implements Seeder {
  readonly name = 'roles-and-claims';

  constructor(
    private readonly repository: AccessCatalogRepository,
    private readonly tx: TransactionHost,
  ) {}

  seed(): Promise<number> {
    return this.tx.run(async () => {
      let created = await this.repository.ensureClaims(ALL_CLAIMS);
      for (const [description, claims] of Object.entries(SEEDED_ROLES)) {
        const role = await this.repository.ensureRole(description);
        if (role.created) created += 1;
        if (role.created || description === ADMIN_ROLE) created += await this.repository.ensureRoleClaims(role.id, claims);
      }
      return created;
    });
  }
}
