import { Injectable } from '@nestjs/common';
import { BlindIndex } from '../platform/crypto/blind-index';
import { FieldCipher } from '../platform/crypto/field-cipher';
import { normalizeCpf } from './cpf';

/** A CPF made ready to store: normalized, its blind index, and its cipher text bound to where it is kept. */
export interface SealedCpf {
  cpf: string;
  index: string;
  enc: string;
}

/**
 * How a CPF is kept wherever it is stored (the customers table, or a copy in another feature's
 * table): normalized, looked up through one blind index (HMAC of the digits), and sealed under the
 * active key with the associated data of its row and column, which the caller names with `fieldAad`.
 */
@Injectable()
export class CpfService {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly blindIndex: BlindIndex,
  ) {}

  /** The blind index a CPF is found by, with or without punctuation. */
  index(cpf: string): string {
    return this.blindIndex.of('cpf', normalizeCpf(cpf));
  }

  /** Normalizes, indexes and seals a CPF for the column that `aad` names. */
  seal(cpf: string, aad: string): SealedCpf {
    const normalized = normalizeCpf(cpf);
    return { cpf: normalized, index: this.blindIndex.of('cpf', normalized), enc: this.cipher.encrypt(normalized, aad) };
  }

  /** The CPF in clear from what `seal` stored under the same `aad`. */
  open(enc: string, aad: string): string {
    return this.cipher.decrypt(enc, aad);
  }
}
