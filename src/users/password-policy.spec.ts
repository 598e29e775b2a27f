import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it('accepts a long password mixing three classes', () => {
    expect(passwordProblems('correct Horse 42 battery')).toEqual([]);
    expect(passwordProblems('Tr0ub4dor&3xyz')).toEqual([]);
  });

  it('refuses short and overlong passwords', () => {
    expect(passwordProblems('Ab1!ab')).toContain('password must be at least 12 characters long');
    expect(passwordProblems(`Ab1!${'x'.repeat(130)}`)).toContain('password must be at most 128 characters long');
  });

  it('refuses passwords with fewer than three character classes', () => {
    expect(passwordProblems('onlylowercaseletters')).toEqual(['password must mix at least three of: lower case, upper case, digits, symbols']);
    expect(passwordProblems('lowercase and 1234')).toEqual([]);
  });

  it('refuses passwords built on the e-mail name or common passwords', () => {
    expect(passwordProblems('Maria.Silva-2026', { email: 'maria.silva@x.io' })).toContain('password must not contain the e-mail name');
    expect(passwordProblems('MyPassword-2026!')).toContain('password must not contain a common password');
  });

  it('refuses repeated patterns', () => {
    expect(passwordProblems('Ab1Ab1Ab1Ab1Ab1')).toContain('password must not be a repeated pattern');
  });
});
