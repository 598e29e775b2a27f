import { identityTextProblem, normalizeEmailText, normalizeIdentityText } from './identity-text';

describe('identity text', () => {
  it('normalises compatibility forms (NFKC) and trims', () => {
    expect(normalizeIdentityText({ value: ' ａｄｍｉｎ ' })).toBe('admin');
    expect(normalizeEmailText({ value: 'Ops@Example.COM ' })).toBe('ops@example.com');
    expect(normalizeIdentityText({ value: 42 })).toBe(42);
  });

  it('refuses invisible characters', () => {
    for (const value of ['admin\u200b', 'ad\u200dmin', '\u2066admin', 'admin\u00ad', 'ad\u3164min', 'a\u0007b']) {
      expect(identityTextProblem(value, 'name')).toMatch(/invisible/);
    }
  });

  it('refuses mixed alphabets, and non-ASCII e-mails', () => {
    expect(identityTextProblem('\u0430dmin', 'name')).toMatch(/alphabets/); // Cyrillic а
    expect(identityTextProblem('ops@ex\u0430mple.com', 'email')).toMatch(/ASCII/);
    expect(identityTextProblem('jos\u00e9@example.com', 'email')).toMatch(/ASCII/);
  });

  it('accepts ordinary names in one alphabet, accents included', () => {
    for (const value of ['Maria Souza', 'José Conceição', 'Иван Петров', "D'Ávila-Núñez 2", 'operator', 'erp.retail-01']) {
      expect(identityTextProblem(value, 'name')).toBeUndefined();
    }
    expect(identityTextProblem('maria.souza+erp@example.com', 'email')).toBeUndefined();
  });
});
