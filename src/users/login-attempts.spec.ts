import { AppConfig } from '../platform/config/app-config';
import { Clock } from '../platform/clock';
import { TooManyLoginAttemptsError } from './errors';
import { LoginAttempts } from './login-attempts';

class FakeClock extends Clock {
  at = Date.parse('2026-01-01T00:00:00Z');
  now() {
    return new Date(this.at);
  }
}

describe('LoginAttempts', () => {
  let clock: FakeClock;
  let attempts: LoginAttempts;
  const config = { auth: { loginDelay: { failuresBeforeDelay: 3, maxDelaySeconds: 10 } } } as unknown as AppConfig;

  beforeEach(() => {
    clock = new FakeClock();
    attempts = new LoginAttempts(config, clock);
  });

  const fail = (email = 'ana@x.io', address = '203.0.113.7') => {
    attempts.begin(email, address);
    attempts.failed(email, address);
  };
  const waitOf = (email = 'ana@x.io', address = '203.0.113.7'): number | undefined => {
    try {
      attempts.begin(email, address);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(TooManyLoginAttemptsError);
      return (error as TooManyLoginAttemptsError).retryAfterSeconds;
    }
  };

  it('makes a pair wait after the set number of failures, twice as long after each further one, up to the cap', () => {
    fail();
    fail();
    fail();
    const waits: Array<number | undefined> = [waitOf()];
    for (let i = 0; i < 5; i += 1) {
      clock.at += waits[waits.length - 1]! * 1000;
      fail();
      waits.push(waitOf());
    }
    expect(waits).toEqual([1, 2, 4, 8, 10, 10]);
  });

  it('counts the pair, so the same e-mail from another address and another e-mail from the same address are free', () => {
    for (let i = 0; i < 3; i += 1) fail();
    expect(waitOf()).toBeGreaterThan(0);
    expect(waitOf('ANA@x.io ')).toBeGreaterThan(0);
    expect(waitOf('ana@x.io', '198.51.100.1')).toBeUndefined();
    expect(waitOf('bob@x.io', '203.0.113.7')).toBeUndefined();
  });

  it('forgets a pair at its next successful login', () => {
    fail();
    fail();
    attempts.begin('ana@x.io', '203.0.113.7');
    attempts.succeeded('ana@x.io', '203.0.113.7');
    fail();
    fail();
    expect(waitOf()).toBeUndefined();
  });

  it('forgets failures a day after the last one', () => {
    fail();
    fail();
    clock.at += 24 * 3600_000;
    fail();
    fail();
    expect(waitOf()).toBeUndefined();
  });

  it('counts attempts that are still being checked, so parallel guesses cannot slip past', () => {
    for (let i = 0; i < 3; i += 1) attempts.begin('ana@x.io', '203.0.113.7');
    expect(waitOf()).toBe(1);
  });
});
