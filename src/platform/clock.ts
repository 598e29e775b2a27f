import { Injectable } from '@nestjs/common';

/** The time, as an adapter: tests that need another "now" provide their own. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
