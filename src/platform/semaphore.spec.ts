import { Semaphore, SemaphoreBusyError } from './semaphore';

/** A piece of work the test finishes by hand. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('runs at most `permits` at once and the others in the order they came', async () => {
    const semaphore = new Semaphore(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => semaphore.run(async () => {
      started.push(i);
      await g.promise;
      return i;
    }));
    await tick();
    expect(started).toEqual([0, 1]);
    expect([semaphore.inFlight, semaphore.waiting]).toEqual([2, 2]);
    gates[1].open();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0].open();
    gates[2].open();
    gates[3].open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
    expect([semaphore.inFlight, semaphore.waiting, semaphore.maxInFlight]).toEqual([0, 0, 2]);
  });

  it('releases the permit when the work throws', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(async () => Promise.reject(new Error('corrupt image')))).rejects.toThrow('corrupt image');
    await expect(semaphore.run(() => { throw new Error('sync failure'); })).rejects.toThrow('sync failure');
    expect(semaphore.inFlight).toBe(0);
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
  });

  it('gives up waiting after waitMs, leaving the queue as it was', async () => {
    const semaphore = new Semaphore(1);
    const held = gate();
    const first = semaphore.run(() => held.promise);
    await expect(semaphore.run(async () => 'late', 20)).rejects.toEqual(new SemaphoreBusyError('timeout'));
    expect(semaphore.waiting).toBe(0);
    const after = semaphore.run(async () => 'after');
    held.open();
    await first;
    await expect(after).resolves.toBe('after');
  });

  it('refuses at once when waiting is not allowed or too many wait', async () => {
    const semaphore = new Semaphore(1, 1);
    const held = gate();
    const first = semaphore.run(() => held.promise);
    await expect(semaphore.run(async () => 'now', 0)).rejects.toEqual(new SemaphoreBusyError('timeout'));
    const queued = semaphore.run(async () => 'queued');
    await expect(semaphore.run(async () => 'third')).rejects.toEqual(new SemaphoreBusyError('queue-full'));
    held.open();
    await first;
    await expect(queued).resolves.toBe('queued');
  });

  it('refuses a permit count that is not a positive integer', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
