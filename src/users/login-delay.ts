export interface LoginDelayRules {
  /** Failures in a row after which the pair waits. */
  failuresBeforeDelay: number;
  /** Longest wait, in seconds. */
  maxDelaySeconds: number;
}

/**
 * Seconds a (e-mail, client address) pair must wait after its n-th failure in a row: nothing before
 * the `failuresBeforeDelay`-th, 1 s after it, doubling with each further failure, up to
 * `maxDelaySeconds`.
 */
export function loginDelaySeconds(failures: number, rules: LoginDelayRules): number {
  if (failures < rules.failuresBeforeDelay) return 0;
  return Math.min(rules.maxDelaySeconds, 2 ** Math.min(failures - rules.failuresBeforeDelay, 30));
}
