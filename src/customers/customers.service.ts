import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ChangeSummary } from '../audit/audit-changes';
import { AuditService } from '../audit/audit.service';
import { Claim } from '../platform/auth/claims';
import { Principal } from '../platform/auth/principal';
import { TransactionHost } from '../platform/database/transaction-host';
import { Clock } from '../platform/clock';
import { CustomerErasure } from './customer-erasure';
import { CustomerEventsService } from './customer-events.service';
import { CustomerRow, CustomerSortField, CustomersRepository, ScoreDataRow, TierBRow } from './customers.repository';
import { normalizeCpf } from './cpf';
import { CpfTakenError, CustomerNotFoundError } from './errors';
import { Address, Asset, CustomerView, Debt, IncomeSource, regionOf, TierA } from './model';
import { EncryptedTierA, TierACodec } from './tier-a-codec';
import { SortKey } from '../platform/http/sorting';
import { MissingClaimsError } from '../platform/auth/auth.errors';
import { RequestValidationError } from '../platform/http/validation';
import { searchPrefixes } from './name-prefix';
import { scoreExportLines } from './score-export';

export interface NewCustomer {
  cpf: string;
  name: string;
  address: Address | null;
  debts: Debt[];
  birthDate: string | null;
  assets: Asset[];
  incomeSources: IncomeSource[];
}

export type CustomerChanges = Partial<NewCustomer>;

export interface SealedNewCustomer {
  id: string;
  encrypted: EncryptedTierA;
  auditChanges: ChangeSummary;
}

const TIER_A_FIELDS = ['cpf', 'name', 'address', 'debts'];

/**
 * Customers and their tiered data. Tier A is decrypted only for callers holding
 * customers:read-sensitive, and each such read is audited; tier B is served to customers:read.
 */
@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly codec: TierACodec,
    private readonly events: CustomerEventsService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly erasure: CustomerErasure,
  ) {}

  /** `id` is generated unless given (the demo seeder gives fixed ones). */
  async create(input: NewCustomer, reader?: Principal, id: string = randomUUID()): Promise<CustomerView> {
    const tierA: TierA = { cpf: normalizeCpf(input.cpf), name: input.name, address: input.address, debts: input.debts };
    const encrypted = this.codec.encrypt(id, tierA);
    const row = await this.tx.run(async () => {
      if (await this.customers.idByCpfIndex(encrypted.cpfIndex)) throw new CpfTakenError();
      const created = await this.customers.create(id, encrypted, this.tierBOf(input, input.address));
      await this.audit.record({
        action: 'customer.create',
        entityType: 'customer',
        entityId: id,
        changes: this.audit.summarize(undefined, { ...this.auditable(input), keyId: encrypted.encKeyId }, TIER_A_FIELDS),
      });
      return created;
    });
    return this.view(row, reader);
  }

  async get(id: string, reader?: Principal): Promise<CustomerView> {
    const row = await this.customers.findById(id);
    if (!row) throw new CustomerNotFoundError(id);
    return this.view(row, reader);
  }

  /**
   * Exact lookup through the blind index. Every lookup, found or not, is a bureau query on the
   * customer it reaches: recorded as a tier-C event naming the client that asked.
   */
  async findByCpf(cpf: string, reader: Principal): Promise<CustomerView | undefined> {
    const row = await this.customers.findByCpfIndex(this.codec.cpfIndex(cpf));
    if (!row) return undefined;
    await this.events.record(
      row.id,
      { type: 'BUREAU_QUERY', occurredAt: this.clock.now(), details: { client: reader.email, role: reader.role, reason: 'cpf-lookup' } },
      { audit: false },
    );
    return this.view(row, reader);
  }

  list(skip: number, take: number, sort?: SortKey<CustomerSortField>[]): Promise<{ items: CustomerRow[]; total: number }> {
    return this.customers.list(skip, take, sort);
  }

  /**
   * Customers with a name word starting with each word of `query`, found through the blind prefix
   * index (never by decrypting names), shown with tier A: it needs customers:read-sensitive. Like a
   * CPF lookup, each customer found gets a BUREAU_QUERY event naming the caller and each tier-A read
   * is audited; the search itself is audited with a keyed fingerprint of what was searched, never the text.
   */
  async searchByName(query: string, skip: number, take: number, sort: SortKey<CustomerSortField>[] | undefined, reader: Principal): Promise<{ items: CustomerView[]; total: number }> {
    if (!reader.claims.has(Claim.CustomersReadSensitive)) throw new MissingClaimsError([Claim.CustomersReadSensitive]);
    const search = searchPrefixes(query);
    if ('refused' in search) throw new RequestValidationError([{ name: 'name', reasons: [search.refused] }]);
    return this.tx.run(async () => {
      const { items, total } = await this.customers.searchByName(this.codec.nameSearch(search.prefixes), skip, take, sort);
      await this.audit.record({
        action: 'customer.search-name',
        entityType: 'customer',
        entityId: '*',
        changes: { name: { to: this.codec.fingerprint(search.prefixes.join(' ')) }, found: { to: total } },
      });
      const views: CustomerView[] = [];
      for (const row of items) {
        await this.events.record(row.id, { type: 'BUREAU_QUERY', occurredAt: this.clock.now(), details: { client: reader.email, role: reader.role, reason: 'name-search' } }, { audit: false });
        views.push(await this.view(row, reader));
      }
      return { items: views, total };
    });
  }

  /** Tier B only, whoever asks (lists never decrypt tier A). */
  tierBView(row: CustomerRow): CustomerView {
    return { id: row.id, createdAt: row.createdAt, updatedAt: row.updatedAt, tierB: row.tierB };
  }

  async update(id: string, changes: CustomerChanges, reader?: Principal): Promise<CustomerView> {
    const row = await this.tx.run(async () => {
      const before = await this.customers.findById(id);
      if (!before) throw new CustomerNotFoundError(id);
      const touchesTierA = TIER_A_FIELDS.some((field) => changes[field as keyof CustomerChanges] !== undefined);
      const oldA = this.codec.decrypt(id, before.encrypted);
      const newA: TierA = {
        cpf: changes.cpf === undefined ? oldA.cpf : normalizeCpf(changes.cpf),
        name: changes.name ?? oldA.name,
        address: changes.address ?? oldA.address,
        debts: changes.debts ?? oldA.debts,
      };
      const encrypted = touchesTierA ? this.codec.encrypt(id, newA) : undefined;
      if (encrypted && newA.cpf !== oldA.cpf && (await this.customers.idByCpfIndex(encrypted.cpfIndex))) throw new CpfTakenError();
      const tierB: Partial<TierBRow> = {
        birthDate: changes.birthDate,
        region: changes.address ? regionOf(changes.address) : undefined,
        assets: changes.assets,
        incomeSources: changes.incomeSources,
      };
      const after = await this.customers.update(id, encrypted, tierB);
      await this.audit.record({
        action: 'customer.update',
        entityType: 'customer',
        entityId: id,
        changes: this.audit.summarize(this.auditable({ ...oldA, ...before.tierB }), this.auditable({ ...newA, ...after.tierB }), TIER_A_FIELDS),
      });
      return after;
    });
    return this.view(row, reader);
  }

  /** Removes tiers A and B; tier-C events stay for the retention period (docs/customers.md). */
  async delete(id: string): Promise<void> {
    await this.tx.run(async () => {
      if (!(await this.customers.delete(id))) throw new CustomerNotFoundError(id);
      const erased = await this.erasure.erase(id);
      const changes = Object.fromEntries(Object.entries(erased).map(([name, count]) => [`erased.${name}`, { to: count }]));
      await this.audit.record({ action: 'customer.delete', entityType: 'customer', entityId: id, changes });
    });
  }

  exists(id: string): Promise<boolean> {
    return this.customers.exists(id);
  }

  async scoreData(id: string): Promise<TierBRow> {
    const row = await this.customers.findById(id);
    if (!row) throw new CustomerNotFoundError(id);
    return row.tierB;
  }

  streamScoreData(): AsyncGenerator<ScoreDataRow> {
    return this.customers.streamScoreData();
  }

  /** The score-data export (NDJSON lines, streamed) for an API caller; each export is audited. */
  async exportScoreData(): Promise<AsyncGenerator<string>> {
    await this.audit.record({ action: 'customer.score-data.export', entityType: 'customer', entityId: '*' });
    return scoreExportLines(this.customers.streamScoreData(), this.clock.now());
  }

  /**
   * A customer to create with this CPF and name if none exists (a purchase's buyer): its id, tier A
   * sealed for that id, and its audit record's changes, for a statement that creates it only when
   * the CPF is new (under the CPF's advisory lock, `pg_advisory_xact_lock(hashtextextended(cpf_index, 0))`).
   */
  sealNewCustomer(cpf: string, name: string): SealedNewCustomer {
    const id = randomUUID();
    const input: NewCustomer = { cpf: normalizeCpf(cpf), name, address: null, debts: [], birthDate: null, assets: [], incomeSources: [] };
    const encrypted = this.codec.encrypt(id, { cpf: input.cpf, name, address: null, debts: [] });
    return { id, encrypted, auditChanges: this.audit.summarize(undefined, { ...this.auditable(input), keyId: encrypted.encKeyId }, TIER_A_FIELDS) };
  }

  private tierBOf(input: Pick<NewCustomer, 'birthDate' | 'assets' | 'incomeSources'>, address: Address | null): TierBRow {
    return { birthDate: input.birthDate, region: regionOf(address), assets: input.assets, incomeSources: input.incomeSources };
  }

  /** What the audit trail may see: tier-A fields only as keyed fingerprints, redacted when they change. */
  private auditable(data: Partial<NewCustomer & TierBRow>): Record<string, unknown> {
    const { cpf, name, address, debts, ...rest } = data;
    const json = (value: unknown) => JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item));
    return {
      cpf: cpf && this.codec.fingerprint(normalizeCpf(cpf)),
      name: name && this.codec.fingerprint(name),
      address: address && this.codec.fingerprint(json(address)),
      debts: debts && this.codec.fingerprint(json(debts)),
      ...JSON.parse(json(rest)),
    };
  }

  private async view(row: CustomerRow, reader?: Principal): Promise<CustomerView> {
    const sensitive = !reader || reader.claims.has(Claim.CustomersReadSensitive);
    if (!sensitive) return this.tierBView(row);
    const tierA = this.codec.decrypt(row.id, row.encrypted);
    if (reader) await this.audit.record({ action: 'customer.read-sensitive', entityType: 'customer', entityId: row.id });
    return { ...this.tierBView(row), tierA };
  }
}
