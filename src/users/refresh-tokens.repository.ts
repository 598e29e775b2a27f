import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../platform/database/transaction-host';

export interface RefreshTokenRecord {
  id: string;
  userId: bigint;
  familyId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  replacedById: string | null;
}

@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly tx: TransactionHost) {}

  async create(data: { id: string; userId: bigint; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.tx.db.refreshToken.create({ data });
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    return (
      (await this.tx.db.refreshToken.findUnique({
        where: { tokenHash },
        select: { id: true, userId: true, familyId: true, expiresAt: true, revokedAt: true, replacedById: true },
      })) ?? undefined
    );
  }

  /** Marks the token used, atomically: false when another request used it first. */
  async markReplaced(id: string, replacedById: string, at: Date): Promise<boolean> {
    const { count } = await this.tx.db.refreshToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at, replacedById } });
    return count === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<number> {
    return (await this.tx.db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: at } })).count;
  }

  async revokeAllOfUser(userId: bigint, at: Date): Promise<number> {
    return (await this.tx.db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } })).count;
  }
}
