import { LoadDriver, loadTestBed, operationFactory } from '../support/mixed-load';
import { startApi, stopAll } from '../support/processes';
import { checkInvariants, summaryLine, waitForQueuesToDrain } from '../support/reliability-checks';

afterEach(stopAll);

const PROCESSES = 3;

// Three API processes share one database under mixed load sent round-robin, most authorizations on
// one hot account, and every sixth operation sent to all three processes at once (the same
// authorization id, the same readings, the same Idempotency-Key): every operation happens once,
// every replay answers what the first answer said, every queued job is processed once.
describe('three API processes on one database', () => {
  const bed = loadTestBed();

  it('do every operation once, whichever process gets it and however often', async () => {
    // Nobody dies here, so no delivery may count as timed out and be sent again.
    const env = { ...bed.env, CASHBACK_API_TIMEOUT_MS: '10000', DATABASE_POOL_SIZE: '6' };
    const apis = await Promise.all(Array.from({ length: PROCESSES }, () => startApi(env)));
    const load = new LoadDriver(operationFactory({ hotShare: 0.7, duplicateEvery: 6 }), bed.fixture, apis.map((api) => api.url));
    load.start(15);
    await load.answerMore(300);
    const records = await load.stop();
    await waitForQueuesToDrain(bed.t.prisma, 45_000);

    const { results, violations } = await checkInvariants(bed.t.prisma, records, bed.fixture.erp, bed.receiver, { once: true });
    const { hotApprovedCents, hotDropCents } = results.authorizations;
    const sentThrice = records.filter((record) => record.op.sends === PROCESSES).length;
    console.log(`${summaryLine('multi-process', results, bed.receiver)}; ${sentThrice} operations sent to all ${PROCESSES} processes at once; hot account: ${hotApprovedCents} cents approved, balance down ${hotDropCents}`);
    expect(violations).toEqual([]);
    expect(results.purchases.duplicates).toBe(0);
    expect(results.authorizations.lost + results.purchases.lost + results.readings.lost).toBe(0);
    expect(results.authorizations.refused).toBeGreaterThan(0);
  }, 120_000);
});
