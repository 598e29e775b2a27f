/** A wait for a permit ended without one: it took longer than allowed, or too many were waiting. */
export class SemaphoreBusyError extends Error {
  constructor(readonly reason: 'timeout' | 'queue-full') {
    super(reason === 'timeout' ? 'no permit within the time allowed' : 'too many waiting for a permit');
    this.name = 'SemaphoreBusyError';
  }
}

interface Waiter {
  grant(): void;
  timer?: NodeJS.Timeout;
}

/**
 * At most `permits` pieces of work at once; the others wait their turn, first come first served.
 * A permit is released when the work settles, whether it resolved or threw.
 */
export class Semaphore {
  private running = 0;
  private peak = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly permits: number,
    /** Most callers allowed to wait at once; one more is refused at once. */
    readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`permits must be a positive integer, got ${permits}`);
  }

  get inFlight(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Most pieces of work that ran at once since the semaphore was made. */
  get maxInFlight(): number {
    return this.peak;
  }

  /** Runs `work` under a permit; rejects with SemaphoreBusyError when none came within `waitMs`. */
  async run<T>(work: () => Promise<T>, waitMs = Number.POSITIVE_INFINITY): Promise<T> {
    await this.acquire(waitMs);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(waitMs: number): Promise<void> {
    if (this.running < this.permits && this.queue.length === 0) {
      this.take();
      return Promise.resolve();
    }
    if (this.queue.length >= this.maxWaiting || waitMs <= 0) return Promise.reject(new SemaphoreBusyError(waitMs <= 0 ? 'timeout' : 'queue-full'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          this.take();
          resolve();
        },
      };
      if (Number.isFinite(waitMs)) {
        waiter.timer = setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(new SemaphoreBusyError('timeout'));
        }, waitMs);
      }
      this.queue.push(waiter);
    });
  }

  private take(): void {
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
  }

  private release(): void {
    this.running -= 1;
    this.queue.shift()?.grant();
  }
}
