import { cpfFromBase, formatCpf, maskCpf, isValidCpf, normalizeCpf } from './cpf';

describe('CPF', () => {
  it('accepts valid CPFs with or without punctuation', () => {
    for (const cpf of ['529.982.247-25', '52998224725', '111.444.777-35', '11144477735']) expect(isValidCpf(cpf)).toBe(true);
  });

  it('refuses wrong check digits, repeated digits and malformed input', () => {
    for (const cpf of ['529.982.247-24', '52998224735', '00000000000', '111.111.111-11', '99999999999', '5299822472', '529982247250', '529-982-247.25', 'abc', '']) {
      expect(isValidCpf(cpf)).toBe(false);
    }
  });

  it('normalizes and formats', () => {
    expect(normalizeCpf('529.982.247-25')).toBe('52998224725');
    expect(formatCpf('52998224725')).toBe('529.982.247-25');
  });

  it('masks all but the last five digits, whatever the punctuation', () => {
    expect(maskCpf('529.982.247-25')).toBe('***.***.247-25');
    expect(maskCpf('52998224725')).toBe('***.***.247-25');
    expect(maskCpf('52998224725')).not.toContain('529982');
  });

  it('completes a base into a valid CPF', () => {
    expect(cpfFromBase('529982247')).toBe('52998224725');
    for (let i = 0; i < 200; i += 1) {
      const base = String(100_000_000 + i * 4_321_987).slice(0, 9);
      expect(isValidCpf(cpfFromBase(base))).toBe(!/^(\d)\1{8}$/.test(base));
    }
  });
});
