import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { TransactionHost } from '../platform/database/transaction-host';
import { RoleRecord } from './records';

const WITH_CLAIMS = { claims: { include: { claim: true } }, _count: { select: { users: true } } } satisfies Prisma.RoleInclude;

type RoleRow = Prisma.RoleGetPayload<{ include: typeof WITH_CLAIMS }>;

const toRecord = (row: RoleRow): RoleRecord => ({
  id: row.id,
  description: row.description,
  claims: row.claims.map((link) => link.claim).sort((a, b) => a.description.localeCompare(b.description)),
  userCount: row._count.users,
});

@Injectable()
export class RolesRepository {
  constructor(private readonly tx: TransactionHost) {}

  async findAll(): Promise<RoleRecord[]> {
    return (await this.tx.db.role.findMany({ include: WITH_CLAIMS, orderBy: { id: 'asc' } })).map(toRecord);
  }

  async findById(id: number): Promise<RoleRecord | undefined> {
    const row = await this.tx.db.role.findUnique({ where: { id }, include: WITH_CLAIMS });
    return row ? toRecord(row) : undefined;
  }

  async findByDescription(description: string): Promise<RoleRecord | undefined> {
    const row = await this.tx.db.role.findUnique({ where: { description }, include: WITH_CLAIMS });
    return row ? toRecord(row) : undefined;
  }

  async create(description: string, claimIds: bigint[]): Promise<RoleRecord> {
    const row = await this.tx.db.role.create({
      data: { description, claims: { create: claimIds.map((claimId) => ({ claimId })) } },
      include: WITH_CLAIMS,
    });
    return toRecord(row);
  }

  async update(id: number, description: string): Promise<RoleRecord> {
    return toRecord(await this.tx.db.role.update({ where: { id }, data: { description }, include: WITH_CLAIMS }));
  }

  async delete(id: number): Promise<void> {
    await this.tx.db.role.delete({ where: { id } });
  }

  async grantClaims(roleId: number, claimIds: bigint[]): Promise<number> {
    const { count } = await this.tx.db.roleClaim.createMany({ data: claimIds.map((claimId) => ({ roleId, claimId })), skipDuplicates: true });
    return count;
  }

  async revokeClaim(roleId: number, claimId: bigint): Promise<boolean> {
    const { count } = await this.tx.db.roleClaim.deleteMany({ where: { roleId, claimId } });
    return count === 1;
  }
}
