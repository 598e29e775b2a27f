import { LoadDriver, loadTestBed, operationFactory } from '../support/mixed-load';
import { startApi, stopAll } from '../support/processes';
import { checkInvariants, summaryLine, waitForQueuesToDrain } from '../support/reliability-checks';

afterEach(stopAll);

// One API process under mixed load (authorizations, purchases, readings) is killed with SIGKILL
// while requests are in flight; a new process takes over the same database and the load goes on.
// What was answered must have happened exactly once; what was cut off happened whole or not at all.
describe('crash safety under mixed load', () => {
  const bed = loadTestBed();

  it('keeps every answered operation, and nothing half-done, through a SIGKILL', async () => {
    const first = await startApi(bed.env);
    const load = new LoadDriver(operationFactory({ hotShare: 0.4, duplicateEvery: 0 }), bed.fixture, [first.url]);
    load.start(12);
    await load.answerMore(150);
    // Frozen first, so that the requests sent from then on are surely in flight when it dies (a fast
    // process may otherwise have answered every request on the wire before the kill lands).
    first.child.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 200));
    load.pause();
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startApi(bed.env);
    load.resume([second.url]);
    await load.answerMore(100);
    const records = await load.stop();
    await waitForQueuesToDrain(bed.t.prisma, 45_000);

    // Jobs a dead process held were retried: each job need not have been taken only once.
    const { results, violations } = await checkInvariants(bed.t.prisma, records, bed.fixture.erp, bed.receiver, { once: false });
    console.log(summaryLine('crash safety', results, bed.receiver));
    expect(violations).toEqual([]);
    // The kill caught requests in flight, or this run proved nothing about them.
    expect(results.authorizations.lost + results.purchases.lost + results.readings.lost).toBeGreaterThan(0);
  }, 120_000);
});
