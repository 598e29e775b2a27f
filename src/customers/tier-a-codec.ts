import { Injectable } from '@nestjs/common';
import { BlindIndex } from '../platform/crypto/blind-index';
import { FieldCipher, fieldAad } from '../platform/crypto/field-cipher';
import { CpfService } from './cpf.service';
import { namePrefixes } from './name-prefix';
import { Debt, TierA } from './model';

export interface EncryptedTierA {
  cpfIndex: string;
  cpfEnc: string;
  nameEnc: string;
  addressEnc: string;
  debtsEnc: string;
  encKeyId: string;
  /** The name's blind prefix index, under `encKeyId`. */
  nameTokens: string[];
}

/** The sealed columns of a stored row, as decrypt and rotation read them. */
export type SealedTierA = Omit<EncryptedTierA, 'cpfIndex' | 'nameTokens'>;

/** A name search as the index runs it: under each configured key, the tokens a row must all hold. */
export type NameSearch = Array<{ keyId: string; tokens: string[] }>;

const NAME_TOKENS = 'customers:name-prefix';

type StoredDebt = Omit<Debt, 'amountCents'> & { amountCents: string };

/**
 * Turns tier A into what the customers table stores and back. Every value is bound to its row and
 * column (associated data `fieldAad('customers', id, column)`), all under the active key.
 */
@Injectable()
export class TierACodec {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly blindIndex: BlindIndex,
    private readonly cpf: CpfService,
  ) {}

  cpfIndex(cpf: string): string {
    return this.cpf.index(cpf);
  }

  /**
   * The blind prefix index of a name under a key (the active one by default): a keyed token per
   * prefix of each word (name-prefix.ts), sorted, so the stored array says nothing of word order.
   */
  nameTokens(name: string, keyId = this.cipher.activeKeyId): string[] {
    return namePrefixes(name)
      .map((prefix) => this.cipher.token(keyId, NAME_TOKENS, prefix))
      .sort();
  }

  /** What a name search looks up under each configured key (rows are indexed under their own key). */
  nameSearch(prefixes: readonly string[]): NameSearch {
    return this.cipher.keyIds.map((keyId) => ({ keyId, tokens: prefixes.map((prefix) => this.cipher.token(keyId, NAME_TOKENS, prefix)) }));
  }

  /** A keyed fingerprint, to tell whether a tier-A value changed without storing it. */
  fingerprint(value: string): string {
    return this.blindIndex.of('audit', value);
  }

  encrypt(customerId: string, data: TierA): EncryptedTierA {
    const seal = (column: string, value: string) => this.cipher.encrypt(value, fieldAad('customers', customerId, column));
    const debts: StoredDebt[] = data.debts.map((debt) => ({ ...debt, amountCents: debt.amountCents.toString() }));
    const cpf = this.cpf.seal(data.cpf, fieldAad('customers', customerId, 'cpf'));
    return {
      cpfIndex: cpf.index,
      cpfEnc: cpf.enc,
      nameEnc: seal('name', data.name),
      addressEnc: seal('address', JSON.stringify(data.address)),
      debtsEnc: seal('debts', JSON.stringify(debts)),
      encKeyId: this.cipher.activeKeyId,
      nameTokens: this.nameTokens(data.name),
    };
  }

  /** The name alone (to index it). */
  decryptName(customerId: string, nameEnc: string): string {
    return this.cipher.decrypt(nameEnc, fieldAad('customers', customerId, 'name'));
  }

  decrypt(customerId: string, row: Omit<SealedTierA, 'encKeyId'>): TierA {
    const open = (column: string, value: string) => this.cipher.decrypt(value, fieldAad('customers', customerId, column));
    const debts = JSON.parse(open('debts', row.debtsEnc)) as StoredDebt[];
    return {
      cpf: open('cpf', row.cpfEnc),
      name: open('name', row.nameEnc),
      address: JSON.parse(open('address', row.addressEnc)),
      debts: debts.map((debt) => ({ ...debt, amountCents: BigInt(debt.amountCents) })),
    };
  }

  get activeKeyId(): string {
    return this.cipher.activeKeyId;
  }

  get configuredKeyIds(): string[] {
    return this.cipher.keyIds;
  }
}
