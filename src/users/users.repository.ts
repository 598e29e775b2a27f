import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { TransactionHost } from '../platform/database/transaction-host';
import { UserRecord } from './records';
import { orderByOf, SortKey } from '../platform/http/sorting';

const WITH_ACCESS = {
  role: { include: { claims: { include: { claim: true } } } },
  claims: { include: { claim: true } },
} satisfies Prisma.UserInclude;

type UserRow = Prisma.UserGetPayload<{ include: typeof WITH_ACCESS }>;

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    active: row.active,
    tokensValidAfter: row.tokensValidAfter,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    role: { id: row.role.id, description: row.role.description, claims: row.role.claims.map((link) => link.claim) },
    directClaims: row.claims.map((link) => link.claim),
  };
}

export const USER_SORT_FIELDS = ['id', 'email', 'name', 'createdAt'] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

export interface UserFilter {
  roleId?: number;
  emailContains?: string;
  active?: boolean;
}

export interface UserWrite {
  name?: string;
  email?: string;
  roleId?: number;
  passwordHash?: string;
  active?: boolean;
  /** Ends every session: access tokens issued before it are refused. */
  tokensValidAfter?: Date;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The user with role and claims, in one SQL query (lateral joins). */
  async findById(id: bigint): Promise<UserRecord | undefined> {
    const row = await this.tx.db.user.findUnique({ where: { id }, include: WITH_ACCESS, relationLoadStrategy: 'join' });
    return row ? toRecord(row) : undefined;
  }

  async findCredentials(email: string): Promise<{ id: bigint; active: boolean; passwordHash: string } | undefined> {
    const row = await this.tx.db.user.findUnique({ where: { email }, select: { id: true, active: true, password: true } });
    return row ? { id: row.id, active: row.active, passwordHash: row.password } : undefined;
  }

  async findIdByEmail(email: string): Promise<bigint | undefined> {
    return (await this.tx.db.user.findUnique({ where: { email }, select: { id: true } }))?.id;
  }

  /** In id order unless sorted otherwise. */
  async list(filter: UserFilter, skip: number, take: number, sort: SortKey<UserSortField>[] = [{ field: 'id', direction: 'asc' }]): Promise<{ items: UserRecord[]; total: number }> {
    const where: Prisma.UserWhereInput = {
      roleId: filter.roleId,
      active: filter.active,
      email: filter.emailContains ? { contains: filter.emailContains, mode: 'insensitive' } : undefined,
    };
    const [rows, total] = await Promise.all([
      this.tx.db.user.findMany({ where, include: WITH_ACCESS, relationLoadStrategy: 'join', orderBy: orderByOf(sort, { id: 'id', email: 'email', name: 'name', createdAt: 'createdAt' }), skip, take }),
      this.tx.db.user.count({ where }),
    ]);
    return { items: rows.map(toRecord), total };
  }

  /** Every user, in id order, a page at a time (for exports of any size). */
  async *streamAll(batchSize = 500): AsyncGenerator<UserRecord> {
    let after: bigint | undefined;
    for (;;) {
      const rows = await this.tx.db.user.findMany({
        where: after === undefined ? undefined : { id: { gt: after } },
        include: WITH_ACCESS,
        relationLoadStrategy: 'join',
        orderBy: { id: 'asc' },
        take: batchSize,
      });
      for (const row of rows) yield toRecord(row);
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1].id;
    }
  }

  async create(data: Required<Pick<UserWrite, 'name' | 'email' | 'roleId' | 'passwordHash'>>): Promise<UserRecord> {
    const row = await this.tx.db.user.create({
      data: { name: data.name, email: data.email, roleId: data.roleId, password: data.passwordHash },
      include: WITH_ACCESS,
    });
    return toRecord(row);
  }

  async update(id: bigint, data: UserWrite): Promise<UserRecord> {
    const row = await this.tx.db.user.update({
      where: { id },
      data: { name: data.name, email: data.email, roleId: data.roleId, password: data.passwordHash, active: data.active, tokensValidAfter: data.tokensValidAfter },
      include: WITH_ACCESS,
    });
    return toRecord(row);
  }

  async delete(id: bigint): Promise<boolean> {
    const { count } = await this.tx.db.user.deleteMany({ where: { id } });
    return count === 1;
  }

  async emailTaken(email: string, exceptId?: bigint): Promise<boolean> {
    return (await this.tx.db.user.count({ where: { email, id: exceptId === undefined ? undefined : { not: exceptId } } })) > 0;
  }

  async countAll(): Promise<number> {
    return this.tx.db.user.count();
  }

  /** Returns false when the user already had the claim. */
  async grantClaim(userId: bigint, claimId: bigint): Promise<boolean> {
    const { count } = await this.tx.db.userClaim.createMany({ data: [{ userId, claimId }], skipDuplicates: true });
    return count === 1;
  }

  async revokeClaim(userId: bigint, claimId: bigint): Promise<boolean> {
    const { count } = await this.tx.db.userClaim.deleteMany({ where: { userId, claimId } });
    return count === 1;
  }
}
