import { issuedBeforeSessionsEnded } from './session-rules';

describe('issuedBeforeSessionsEnded', () => {
  const ended = new Date('2026-12-02T10:00:05.400Z');
  const second = Date.parse('2026-12-02T10:00:05Z') / 1000;

  it('keeps every token of a user whose sessions never ended', () => {
    expect(issuedBeforeSessionsEnded(0, undefined)).toBe(false);
  });

  it('refuses a token issued in an earlier second', () => {
    expect(issuedBeforeSessionsEnded(second - 1, ended)).toBe(true);
    expect(issuedBeforeSessionsEnded(second - 3600, ended)).toBe(true);
  });

  it('keeps a token issued in the second of the end (the login right after it) or later', () => {
    expect(issuedBeforeSessionsEnded(second, ended)).toBe(false);
    expect(issuedBeforeSessionsEnded(second + 1, ended)).toBe(false);
  });

  it('refuses a token of the previous second when the end falls on a whole second', () => {
    expect(issuedBeforeSessionsEnded(second - 1, new Date(second * 1000))).toBe(true);
    expect(issuedBeforeSessionsEnded(second, new Date(second * 1000))).toBe(false);
  });
});
