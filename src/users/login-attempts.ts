import { Injectable } from '@nestjs/common';
import { AppConfig } from '../platform/config/app-config';
import { Clock } from '../platform/clock';
import { TooManyLoginAttemptsError } from './errors';
import { loginDelaySeconds } from './login-delay';

interface Pair {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

/** A pair's failures are forgotten this long after its last one (or at its next successful login). */
const FORGET_AFTER_MS = 24 * 3600_000;
const MAX_PAIRS = 100_000;

const keyOf = (email: string, address: string) => `${email.trim().toLowerCase()} ${address}`;

/**
 * Failed logins counted per (e-mail, client address), with a lock that grows with each failure
 * (login-delay.ts). Counting the pair, not the e-mail alone, means someone guessing from elsewhere
 * slows only themselves, never the owner of the account. Kept in the memory of each process, like
 * the request limits.
 */
@Injectable()
export class LoginAttempts {
  private readonly pairs = new Map<string, Pair>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Refuses the attempt while the pair is locked; otherwise counts it as a failure before the
   * password is checked, so attempts sent at the same time all count, until `succeeded` clears it.
   */
  begin(email: string, address: string): void {
    const now = this.clock.now().getTime();
    const key = keyOf(email, address);
    const known = this.pairs.get(key);
    if (known && known.lockedUntil > now) throw new TooManyLoginAttemptsError(Math.ceil((known.lockedUntil - now) / 1000));
    const failures = known && known.lastFailure + FORGET_AFTER_MS > now ? known.failures + 1 : 1;
    this.pairs.delete(key);
    if (this.pairs.size >= MAX_PAIRS) this.evict(now);
    this.pairs.set(key, { failures, lockedUntil: this.lockedUntil(failures, now), lastFailure: now });
  }

  /** The attempt failed: the pair's wait runs from now, however long the password check took. */
  failed(email: string, address: string): void {
    const pair = this.pairs.get(keyOf(email, address));
    if (pair) pair.lockedUntil = this.lockedUntil(pair.failures, this.clock.now().getTime());
  }

  succeeded(email: string, address: string): void {
    this.pairs.delete(keyOf(email, address));
  }

  private lockedUntil(failures: number, now: number): number {
    return now + loginDelaySeconds(failures, this.config.auth.loginDelay) * 1000;
  }

  /** Drops forgotten pairs, then, if that is not enough, the least recently failed ones. */
  private evict(now: number): void {
    for (const [key, pair] of this.pairs) if (pair.lastFailure + FORGET_AFTER_MS <= now) this.pairs.delete(key);
    for (const key of this.pairs.keys()) {
      if (this.pairs.size < MAX_PAIRS) break;
      this.pairs.delete(key);
    }
  }
}
