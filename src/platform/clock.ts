import { Injectable } from '@nestjs/common';

/**
 * The wall-clock time, as an adapter: tests that need another "now" provide their own. Durations
 * are not read from it but from the monotonic `performance.now()`, which no clock change moves.
 */
export abstract class Clock {
  abstract now(): Date;

  /** The same instant in epoch milliseconds, for hot paths that only compare numbers. */
  nowMs(): number {
    return this.now().getTime();
  }
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }

  override nowMs(): number {
    return Date.now();
  }
}
