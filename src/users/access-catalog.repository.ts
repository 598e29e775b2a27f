import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../platform/database/transaction-host';

@Injectable()
export class AccessCatalogRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Inserts the claims that do not exist yet (existing ones keep their `active` flag); answers those it created. */
  async ensureClaims(descriptions: readonly string[]): Promise<string[]> {
    const created = await this.tx.db.claim.createManyAndReturn({ data: descriptions.map((description) => ({ description })), skipDuplicates: true, select: { description: true } });
    return created.map((claim) => claim.description);
  }

  /** Creates the role if missing; returns its id and whether it was created. */
  async ensureRole(description: string): Promise<{ id: number; created: boolean }> {
    const { count } = await this.tx.db.role.createMany({ data: [{ description }], skipDuplicates: true });
    const role = await this.tx.db.role.findUniqueOrThrow({ where: { description }, select: { id: true } });
    return { id: role.id, created: count === 1 };
  }

  /** Grants the named claims to the role where missing; returns how many links were created. */
  async ensureRoleClaims(roleId: number, claims: readonly string[]): Promise<number> {
    const ids = await this.tx.db.claim.findMany({ where: { description: { in: [...claims] } }, select: { id: true } });
    const { count } = await this.tx.db.roleClaim.createMany({ data: ids.map(({ id }) => ({ roleId, claimId: id })), skipDuplicates: true });
    return count;
  }
}
