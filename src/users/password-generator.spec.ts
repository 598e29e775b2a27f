import { generatePassword } from './password-generator';
import { passwordProblems } from './password-policy';

describe('generatePassword', () => {
  it('always meets the policy and has the requested length', () => {
    for (let i = 0; i < 500; i += 1) {
      const password = generatePassword();
      expect(password).toHaveLength(20);
      expect(passwordProblems(password, { email: 'someone@example.com' })).toEqual([]);
    }
    expect(generatePassword(32)).toHaveLength(32);
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generatePassword()));
    expect(seen.size).toBe(1000);
  });

  it('avoids look-alike characters', () => {
    expect(Array.from({ length: 200 }, () => generatePassword()).join('')).not.toMatch(/[0O1lI]/);
  });
});
