import { Injectable } from '@nestjs/common';
import { BlindIndex } from '../platform/crypto/blind-index';
import { FieldCipher } from '../platform/crypto/field-cipher';
import { normalizeCpf } from './cpf';
import { Debt, TierA } from './model';

export interface EncryptedTierA {
  cpfIndex: string;
  cpfEnc: string;
  nameEnc: string;
  addressEnc: string;
  debtsEnc: string;
  encKeyId: string;
}

type StoredDebt = Omit<Debt, 'amountCents'> & { amountCents: string };

/**
 * Turns tier A into what the customers table stores and back. Every value is bound to its row and
 * column (associated data `customers:<id>:<column>`), all under the active key.
 */
@Injectable()
export class TierACodec {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly blindIndex: BlindIndex,
  ) {}

  cpfIndex(cpf: string): string {
    return this.blindIndex.of('cpf', normalizeCpf(cpf));
  }

  /** A keyed fingerprint, to tell whether a tier-A value changed without storing it. */
  fingerprint(value: string): string {
    return this.blindIndex.of('audit', value);
  }

  encrypt(customerId: string, data: TierA): EncryptedTierA {
    const seal = (column: string, value: string) => this.cipher.encrypt(value, `customers:${customerId}:${column}`);
    const debts: StoredDebt[] = data.debts.map((debt) => ({ ...debt, amountCents: debt.amountCents.toString() }));
    return {
      cpfIndex: this.cpfIndex(data.cpf),
      cpfEnc: seal('cpf', normalizeCpf(data.cpf)),
      nameEnc: seal('name', data.name),
      addressEnc: seal('address', JSON.stringify(data.address)),
      debtsEnc: seal('debts', JSON.stringify(debts)),
      encKeyId: this.cipher.activeKeyId,
    };
  }

  decrypt(customerId: string, row: Omit<EncryptedTierA, 'cpfIndex' | 'encKeyId'>): TierA {
    const open = (column: string, value: string) => this.cipher.decrypt(value, `customers:${customerId}:${column}`);
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
