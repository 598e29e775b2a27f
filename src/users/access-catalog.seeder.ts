import { Injectable } from '@nestjs/common';
import { ADMIN_ROLE, ALL_CLAIMS, SEEDED_ROLES } from '../platform/auth/claims';
import { Seeder } from '../platform/database/seeder';
import { TransactionHost } from '../platform/database/transaction-host';
import { AccessCatalogRepository } from './access-catalog.repository';

/**
 * Reference data, needed in every environment: the claim catalog, the seeded roles and their
 * starting claims. A role's claims are written when the seed creates the role, and a claim new to
 * the catalog is granted to the seeded roles that list it (an upgrade that adds a claim gives it to
 * the roles meant to hold it); other links are left alone, so an operator's later changes stay. The
 * admin role is topped up with every claim on every run.
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
      const newClaims = new Set(await this.repository.ensureClaims(ALL_CLAIMS));
      let created = newClaims.size;
      for (const [description, claims] of Object.entries(SEEDED_ROLES)) {
        const role = await this.repository.ensureRole(description);
        if (role.created) created += 1;
        const grant = role.created || description === ADMIN_ROLE ? claims : claims.filter((claim) => newClaims.has(claim));
        if (grant.length) created += await this.repository.ensureRoleClaims(role.id, grant);
      }
      return created;
    });
  }
}
