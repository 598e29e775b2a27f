import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../platform/database/transaction-host';
import { ClaimRecord } from './records';

@Injectable()
export class ClaimsRepository {
  constructor(private readonly tx: TransactionHost) {}

  findAll(): Promise<ClaimRecord[]> {
    return this.tx.db.claim.findMany({ orderBy: { description: 'asc' } });
  }

  async findById(id: bigint): Promise<ClaimRecord | undefined> {
    return (await this.tx.db.claim.findUnique({ where: { id } })) ?? undefined;
  }

  findByIds(ids: bigint[]): Promise<ClaimRecord[]> {
    return this.tx.db.claim.findMany({ where: { id: { in: ids } } });
  }

  findByDescriptions(descriptions: readonly string[]): Promise<ClaimRecord[]> {
    return this.tx.db.claim.findMany({ where: { description: { in: [...descriptions] } } });
  }

  create(description: string, active: boolean): Promise<ClaimRecord> {
    return this.tx.db.claim.create({ data: { description, active } });
  }

  update(id: bigint, data: { description?: string; active?: boolean }): Promise<ClaimRecord> {
    return this.tx.db.claim.update({ where: { id }, data });
  }
}
