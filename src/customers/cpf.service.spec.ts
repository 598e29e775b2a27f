import { randomBytes } from 'node:crypto';
import { BlindIndex } from '../platform/crypto/blind-index';
import { FieldCipher, fieldAad } from '../platform/crypto/field-cipher';
import { CpfService } from './cpf.service';

describe('CpfService', () => {
  const cipher = new FieldCipher([{ id: 'k1', key: randomBytes(32) }], 'k1');
  const blindIndex = new BlindIndex(randomBytes(32));
  const cpf = new CpfService(cipher, blindIndex);
  const aad = fieldAad('cashback_purchases', 'p1', 'document');

  it('indexes a CPF by its digits, with or without punctuation, as the stored indexes were written', () => {
    expect(cpf.index('529.982.247-25')).toBe(cpf.index('52998224725'));
    expect(cpf.index('52998224725')).toBe(blindIndex.of('cpf', '52998224725'));
    expect(cpf.index('52998224725')).not.toBe(cpf.index('11144477735'));
  });

  it('seals the normalized CPF as plain field cipher text bound to the column named, which it opens again', () => {
    const sealed = cpf.seal('529.982.247-25', aad);
    expect(sealed.cpf).toBe('52998224725');
    expect(sealed.index).toBe(cpf.index('52998224725'));
    expect(sealed.enc).toMatch(/^v1\.k1\./);
    expect(sealed.enc).not.toContain('529');
    // Values written before CpfService existed and those it writes read the same either way.
    expect(cipher.decrypt(sealed.enc, aad)).toBe('52998224725');
    expect(cpf.open(cipher.encrypt('52998224725', aad), aad)).toBe('52998224725');
    expect(cpf.open(sealed.enc, aad)).toBe('52998224725');
  });

  it('refuses to open a CPF under another row or column', () => {
    const sealed = cpf.seal('52998224725', aad);
    expect(() => cpf.open(sealed.enc, fieldAad('cashback_purchases', 'p2', 'document'))).toThrow();
    expect(() => cpf.open(sealed.enc, fieldAad('customers', 'p1', 'cpf'))).toThrow();
  });
});
