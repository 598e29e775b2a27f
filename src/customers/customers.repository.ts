import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { Clock } from '../platform/clock';
import { TransactionHost } from '../platform/database/transaction-host';
import { EncryptedTierA, NameSearch, SealedTierA } from './tier-a-codec';
import { Asset, IncomeSource, Region } from './model';
import { orderByOf, SortKey } from '../platform/http/sorting';

export const CUSTOMER_SORT_FIELDS = ['createdAt', 'updatedAt'] as const;
export type CustomerSortField = (typeof CUSTOMER_SORT_FIELDS)[number];

export interface TierBRow {
  birthDate: string | null;
  region: Region | null;
  assets: Asset[];
  incomeSources: IncomeSource[];
}

export interface CustomerRow {
  id: string;
  pseudonym: string;
  createdAt: Date;
  updatedAt: Date;
  encrypted: SealedTierA;
  tierB: TierBRow;
}

export interface ScoreDataRow extends TierBRow {
  pseudonym: string;
}

const SELECT = {
  id: true,
  pseudonym: true,
  createdAt: true,
  updatedAt: true,
  cpfEnc: true,
  nameEnc: true,
  addressEnc: true,
  debtsEnc: true,
  encKeyId: true,
  profile: true,
} satisfies Prisma.CustomerSelect;

type Row = Prisma.CustomerGetPayload<{ select: typeof SELECT }>;

type StoredAsset = Omit<Asset, 'valueCents'> & { valueCents: string };
type StoredIncome = Omit<IncomeSource, 'monthlyAmountCents'> & { monthlyAmountCents: string };

function tierBFrom(profile: Row['profile']): TierBRow {
  return {
    birthDate: profile?.birthDate ? profile.birthDate.toISOString().slice(0, 10) : null,
    region: (profile?.region as unknown as Region | null) ?? null,
    assets: ((profile?.assets as unknown as StoredAsset[]) ?? []).map((asset) => ({ ...asset, valueCents: BigInt(asset.valueCents) })),
    incomeSources: ((profile?.incomeSources as unknown as StoredIncome[]) ?? []).map((income) => ({ ...income, monthlyAmountCents: BigInt(income.monthlyAmountCents) })),
  };
}

function profileData(tierB: Partial<TierBRow>) {
  return {
    birthDate: tierB.birthDate === undefined ? undefined : tierB.birthDate === null ? null : new Date(`${tierB.birthDate}T00:00:00Z`),
    region: tierB.region === undefined ? undefined : tierB.region === null ? Prisma.JsonNull : (tierB.region as unknown as Prisma.InputJsonValue),
    assets: tierB.assets?.map((asset) => ({ ...asset, valueCents: asset.valueCents.toString() })) as Prisma.InputJsonValue | undefined,
    incomeSources: tierB.incomeSources?.map((income) => ({ ...income, monthlyAmountCents: income.monthlyAmountCents.toString() })) as Prisma.InputJsonValue | undefined,
  };
}

const toRow = (row: Row): CustomerRow => ({
  id: row.id,
  pseudonym: row.pseudonym,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  encrypted: { cpfEnc: row.cpfEnc, nameEnc: row.nameEnc, addressEnc: row.addressEnc, debtsEnc: row.debtsEnc, encKeyId: row.encKeyId },
  tierB: tierBFrom(row.profile),
});

@Injectable()
export class CustomersRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async create(id: string, tierA: EncryptedTierA, tierB: TierBRow): Promise<CustomerRow> {
    const row = await this.tx.db.customer.create({
      data: { id, ...tierA, nameIndexKeyId: tierA.encKeyId, profile: { create: { ...profileData(tierB), region: profileData(tierB).region ?? Prisma.JsonNull } } },
      select: SELECT,
    });
    return toRow(row);
  }

  async findById(id: string): Promise<CustomerRow | undefined> {
    const row = await this.tx.db.customer.findUnique({ where: { id }, select: SELECT, relationLoadStrategy: 'join' });
    return row ? toRow(row) : undefined;
  }

  async findByCpfIndex(cpfIndex: string): Promise<CustomerRow | undefined> {
    const row = await this.tx.db.customer.findUnique({ where: { cpfIndex }, select: SELECT, relationLoadStrategy: 'join' });
    return row ? toRow(row) : undefined;
  }

  async idByCpfIndex(cpfIndex: string): Promise<string | undefined> {
    return (await this.tx.db.customer.findUnique({ where: { cpfIndex }, select: { id: true } }))?.id;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.tx.db.customer.count({ where: { id } })) > 0;
  }

  /** Oldest first unless sorted otherwise. */
  list(skip: number, take: number, sort?: SortKey<CustomerSortField>[]): Promise<{ items: CustomerRow[]; total: number }> {
    return this.page({}, skip, take, sort);
  }

  private async page(where: Prisma.CustomerWhereInput, skip: number, take: number, sort: SortKey<CustomerSortField>[] = [{ field: 'createdAt', direction: 'asc' }]): Promise<{ items: CustomerRow[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.tx.db.customer.findMany({ where, select: SELECT, relationLoadStrategy: 'join', orderBy: orderByOf(sort, { createdAt: 'createdAt', updatedAt: 'updatedAt' }), skip, take }),
      this.tx.db.customer.count({ where }),
    ]);
    return { items: rows.map(toRow), total };
  }


  async update(id: string, tierA: Partial<EncryptedTierA> | undefined, tierB: Partial<TierBRow>): Promise<CustomerRow> {
    const profile = profileData(tierB);
    const touchesProfile = Object.values(profile).some((value) => value !== undefined);
    const row = await this.tx.db.customer.update({
      where: { id },
      data: { ...tierA, ...(tierA?.nameTokens && { nameIndexKeyId: tierA.encKeyId }), updatedAt: this.clock.now(), profile: touchesProfile ? { update: profile } : undefined },
      select: SELECT,
    });
    return toRow(row);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.tx.db.customer.deleteMany({ where: { id } })).count === 1;
  }

  /** Tier B of every customer, a batch at a time in id order (keyset), for exports of any size. */
  async *streamScoreData(batchSize = 1000): AsyncGenerator<ScoreDataRow> {
    let after: string | undefined;
    for (;;) {
      const rows = await this.tx.db.customer.findMany({
        where: after === undefined ? undefined : { id: { gt: after } },
        select: { id: true, pseudonym: true, profile: true },
        orderBy: { id: 'asc' },
        take: batchSize,
        relationLoadStrategy: 'join',
      });
      for (const row of rows) yield { pseudonym: row.pseudonym, ...tierBFrom(row.profile) };
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1].id;
    }
  }

  /** Key ids the stored rows were encrypted with, and how many rows use each. */
  async keyUsage(): Promise<Array<{ keyId: string; rows: number }>> {
    const groups = await this.tx.db.customer.groupBy({ by: ['encKeyId'], _count: { _all: true } });
    return groups.map((group) => ({ keyId: group.encKeyId, rows: group._count._all }));
  }

  /**
   * Locks up to `limit` rows not yet under `activeKeyId`, skipping rows another transaction holds
   * (an API write, another rotation), so rotation never blocks the API for long.
   */
  async lockBatchNotUnderKey(activeKeyId: string, limit: number): Promise<Array<{ id: string; encrypted: SealedTierA }>> {
    const rows = await this.tx.db.$queryRaw<Array<{ id: string; cpf_enc: string; name_enc: string; address_enc: string; debts_enc: string; enc_key_id: string }>>`
      SELECT id::text, cpf_enc, name_enc, address_enc, debts_enc, enc_key_id
      FROM customers WHERE enc_key_id <> ${activeKeyId}
      ORDER BY id LIMIT ${limit}
      FOR UPDATE SKIP LOCKED`;
    return rows.map((row) => ({
      id: row.id,
      encrypted: { cpfEnc: row.cpf_enc, nameEnc: row.name_enc, addressEnc: row.address_enc, debtsEnc: row.debts_enc, encKeyId: row.enc_key_id },
    }));
  }

  /** Tier A sealed again, with its name index, under the key it names. */
  async replaceEncrypted(id: string, tierA: Omit<EncryptedTierA, 'cpfIndex'>): Promise<void> {
    await this.tx.db.customer.update({ where: { id }, data: { ...tierA, nameIndexKeyId: tierA.encKeyId } });
  }

  /**
   * Locks up to `limit` rows whose name index is missing (written before it existed, or by an API
   * process of an earlier version) or made under another key than the row's, skipping rows others hold.
   */
  async lockBatchWithoutNameIndex(limit: number): Promise<Array<{ id: string; nameEnc: string; encKeyId: string }>> {
    const rows = await this.tx.db.$queryRaw<Array<{ id: string; name_enc: string; enc_key_id: string }>>`
      SELECT id::text, name_enc, enc_key_id
      FROM customers WHERE name_index_key_id IS DISTINCT FROM enc_key_id
      ORDER BY id LIMIT ${limit}
      FOR UPDATE SKIP LOCKED`;
    return rows.map((row) => ({ id: row.id, nameEnc: row.name_enc, encKeyId: row.enc_key_id }));
  }

  async setNameIndex(id: string, tokens: string[], keyId: string): Promise<void> {
    await this.tx.db.customer.update({ where: { id }, data: { nameTokens: tokens, nameIndexKeyId: keyId } });
  }

  async countWithoutNameIndex(): Promise<number> {
    const [{ count }] = await this.tx.db.$queryRaw<Array<{ count: bigint }>>`SELECT count(*) AS count FROM customers WHERE name_index_key_id IS DISTINCT FROM enc_key_id`;
    return Number(count);
  }

  /**
   * Customers whose name index holds every token of the search under its own key (`@>` on the GIN
   * index), oldest first unless sorted otherwise.
   */
  searchByName(search: NameSearch, skip: number, take: number, sort?: SortKey<CustomerSortField>[]): Promise<{ items: CustomerRow[]; total: number }> {
    return this.page({ OR: search.map(({ keyId, tokens }) => ({ nameIndexKeyId: keyId, nameTokens: { hasEvery: tokens } })) }, skip, take, sort);
  }

}
