import { loginDelaySeconds } from './login-delay';

describe('loginDelaySeconds', () => {
  const rules = { failuresBeforeDelay: 5, maxDelaySeconds: 900 };

  it('costs nothing before the set number of failures', () => {
    expect([0, 1, 4].map((failures) => loginDelaySeconds(failures, rules))).toEqual([0, 0, 0]);
  });

  it('then waits one second, doubling with each failure, up to the cap', () => {
    expect([5, 6, 7, 8, 9, 14, 15, 16, 100, 10_000].map((failures) => loginDelaySeconds(failures, rules))).toEqual([1, 2, 4, 8, 16, 512, 900, 900, 900, 900]);
  });

  it('waits after the first failure when told to', () => {
    expect(loginDelaySeconds(1, { failuresBeforeDelay: 1, maxDelaySeconds: 60 })).toBe(1);
  });
});
