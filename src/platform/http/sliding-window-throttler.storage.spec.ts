import { ThrottlerStorageService } from '@nestjs/throttler';
import { SlidingWindowThrottlerStorage } from './sliding-window-throttler.storage';

describe('SlidingWindowThrottlerStorage', () => {
  let now: number;
  let storage: SlidingWindowThrottlerStorage;

  beforeEach(() => {
    now = 1_000_000;
    storage = new SlidingWindowThrottlerStorage(() => now);
  });

  it('counts the hits of the last ttl only', () => {
    expect(storage.hit('a', 1000, 10, 1000, 'default').totalHits).toBe(1);
    now += 600;
    expect(storage.hit('a', 1000, 10, 1000, 'default').totalHits).toBe(2);
    now += 500; // the first hit is 1,100 ms old
    expect(storage.hit('a', 1000, 10, 1000, 'default')).toEqual({ totalHits: 2, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('blocks a key past its limit for the block duration, without counting, then starts again', () => {
    for (let i = 0; i < 3; i++) expect(storage.hit('a', 1000, 3, 5000, 'default').isBlocked).toBe(false);
    expect(storage.hit('a', 1000, 3, 5000, 'default')).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 5 });
    now += 2000; // the hits have expired, the block has not
    expect(storage.hit('a', 1000, 3, 5000, 'default')).toMatchObject({ totalHits: 0, isBlocked: true, timeToBlockExpire: 3 });
    now += 3000;
    expect(storage.hit('a', 1000, 3, 5000, 'default')).toEqual({ totalHits: 1, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('keeps keys and throttlers apart', () => {
    storage.hit('a', 1000, 1, 1000, 'default');
    expect(storage.hit('a', 1000, 1, 1000, 'default').isBlocked).toBe(true);
    expect(storage.hit('b', 1000, 1, 1000, 'default').isBlocked).toBe(false);
    expect(storage.hit('a', 1000, 1, 1000, 'login-ip').isBlocked).toBe(false);
  });

  it('forgets keys with no live hit and no block', () => {
    storage.hit('a', 1000, 1, 10_000, 'default');
    storage.hit('a', 1000, 1, 10_000, 'default'); // blocked for 10 s
    storage.hit('b', 1000, 5, 1000, 'default');
    now += 2000;
    storage.sweep();
    expect(storage.size).toBe(1);
    now += 10_000;
    storage.sweep();
    expect(storage.size).toBe(0);
  });

  it('measures windows on the monotonic clock by default: setting the wall clock neither lifts nor extends a block', () => {
    jest.useFakeTimers({ now: 5_000_000 });
    try {
      const monotonic = new SlidingWindowThrottlerStorage();
      monotonic.hit('a', 1000, 1, 5000, 'default');
      expect(monotonic.hit('a', 1000, 1, 5000, 'default')).toMatchObject({ isBlocked: true, timeToBlockExpire: 5 });
      jest.setSystemTime(Date.now() + 3_600_000);
      expect(monotonic.hit('a', 1000, 1, 5000, 'default')).toMatchObject({ isBlocked: true, timeToBlockExpire: 5 });
      jest.setSystemTime(Date.now() - 7_200_000);
      jest.advanceTimersByTime(5000);
      expect(monotonic.hit('a', 1000, 1, 5000, 'default')).toEqual({ totalHits: 1, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 });
      monotonic.sweep();
    } finally {
      jest.useRealTimers();
    }
  });

  it("answers as the library's own storage does, hit for hit", async () => {
    jest.useFakeTimers({ now: 5_000_000 });
    try {
      const theirs = new ThrottlerStorageService();
      // The library's storage reads Date.now(); ours is given the same (faked) time.
      const ours = new SlidingWindowThrottlerStorage(() => Date.now());
      let seed = 7;
      let blocked = 0;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let i = 0; i < 3000; i++) {
        jest.setSystemTime(Date.now() + Math.floor(random() * 40));
        const key = random() < 0.5 ? 'x' : 'y';
        const [a, b] = [await theirs.increment(key, 1000, 20, 1500, 'default'), await ours.increment(key, 1000, 20, 1500, 'default')];
        if (a.isBlocked) blocked++;
        expect({ i, totalHits: b.totalHits, isBlocked: b.isBlocked, timeToBlockExpire: b.timeToBlockExpire }).toEqual({
          i,
          totalHits: a.totalHits,
          isBlocked: a.isBlocked,
          timeToBlockExpire: a.isBlocked ? a.timeToBlockExpire : 0,
        });
      }
      // Both limits and blocks were exercised, not just counting.
      expect(blocked).toBeGreaterThan(100);
      expect(blocked).toBeLessThan(2900);
      theirs.onApplicationShutdown();
    } finally {
      jest.useRealTimers();
    }
  });
});
