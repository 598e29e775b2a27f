import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the throttler guard reads back from a hit (the library's ThrottlerStorageRecord). */
export interface ThrottlerHit {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

interface Window {
  /** Expiry instants of the hits still counted from `head` on, oldest first. */
  hits: number[];
  head: number;
  blockedUntil: number;
}

/** How often windows with no live hit and no block are forgotten. */
const SWEEP_MS = 60_000;

/**
 * The throttler's in-memory storage, with the library's rules (a sliding log of hits per key and
 * throttler; over the limit, the key is blocked for the block duration and its hits are not
 * counted; when the block ends the count starts again) at a constant cost per hit. The library's
 * own storage filters every hit of the window on every request, so a client allowed 100,000
 * requests a minute paid for up to 100,000 comparisons each time. Hits of one throttler share one
 * TTL, so they expire in the order they came: expired ones are dropped from the front.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private sweeper?: NodeJS.Timeout;

  /** `now` reads milliseconds from any fixed origin: the windows are durations, so monotonic by default. */
  constructor(private readonly now: () => number = () => performance.now()) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerHit> {
    return this.hit(key, ttl, limit, blockDuration, throttlerName);
  }

  hit(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ThrottlerHit {
    const now = this.now();
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    if (!window) {
      window = { hits: [], head: 0, blockedUntil: 0 };
      this.windows.set(id, window);
      this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    }
    if (window.blockedUntil && window.blockedUntil <= now) {
      window.blockedUntil = 0;
      window.hits = [];
      window.head = 0;
    }
    expire(window, now);
    const blocked = window.blockedUntil > now;
    if (!blocked) window.hits.push(now + ttl);
    const totalHits = window.hits.length - window.head;
    if (!blocked && totalHits > limit) window.blockedUntil = now + (blockDuration > 0 ? blockDuration : ttl);
    const isBlocked = window.blockedUntil > now;
    return {
      totalHits,
      // When the oldest counted hit leaves the window, freeing a slot.
      timeToExpire: Math.ceil(((window.hits[window.head] ?? now + ttl) - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((window.blockedUntil - now) / 1000) : 0,
    };
  }

  /** Keys currently remembered (for tests and the sweep). */
  get size(): number {
    return this.windows.size;
  }

  sweep(): void {
    const now = this.now();
    for (const [id, window] of this.windows) {
      expire(window, now);
      if (window.blockedUntil <= now && window.head === window.hits.length) this.windows.delete(id);
    }
  }
}

function expire(window: Window, now: number): void {
  while (window.head < window.hits.length && window.hits[window.head] <= now) window.head++;
  // Drop the expired prefix once it is most of the array, so memory follows the live hits.
  if (window.head > 64 && window.head * 2 > window.hits.length) {
    window.hits = window.hits.slice(window.head);
    window.head = 0;
  }
}
