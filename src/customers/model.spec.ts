import { ageOn } from './model';

describe('ageOn', () => {
  it('counts whole years, turning on the birthday', () => {
    expect(ageOn('1990-06-15', new Date('2026-06-14T23:00:00Z'))).toBe(35);
    expect(ageOn('1990-06-15', new Date('2026-06-15T00:00:00Z'))).toBe(36);
    expect(ageOn('2000-02-29', new Date('2026-02-28T12:00:00Z'))).toBe(25);
    expect(ageOn('2000-02-29', new Date('2026-03-01T00:00:00Z'))).toBe(26);
  });
});
