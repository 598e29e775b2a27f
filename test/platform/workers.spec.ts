import { createTestDatabase, TestDatabase } from '../support/database';
import { sharedEnv, startApi, stopAll, waitForOutput } from '../support/processes';

afterEach(stopAll);

// API_WORKERS=2: one primary, two HTTP workers on one port (node:cluster). Both serve requests, a
// worker that dies is replaced, and SIGTERM stops the workers, then the primary, cleanly.
describe('API_WORKERS', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(() => database.drop());

  const pidsOf = (output: string, pattern: RegExp) =>
    new Set(
      output
        .split('\n')
        .filter((line) => pattern.test(line))
        .map((line) => (JSON.parse(line) as { pid: number }).pid),
    );

  it('serves from every worker, replaces one that dies, and stops them all on SIGTERM', async () => {
    const api = await startApi(sharedEnv(database.url, { API_WORKERS: '2', LOG_LEVEL: 'info', DATABASE_SEED_ON_START: 'true' }));
    await waitForOutput(api, /2 API workers share the port/);
    await waitForOutput(api, /ready at[\s\S]*ready at/);
    // Each worker seeds nothing twice: the first alone seeds, the second starts after it listens.
    expect(api.output().match(/"msg":"seed: /g)).toHaveLength(1);

    // Many connections at once: the primary hands them to both workers.
    const answers = await Promise.all(Array.from({ length: 60 }, () => fetch(`${api.url}/api/v1/auth/me`, { headers: { connection: 'close' } })));
    expect(answers.every((res) => res.status === 401)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const serving = pidsOf(api.output(), /"url":"\/api\/v1\/auth\/me"/);
    expect(serving.size).toBe(2);

    // A worker killed outright is replaced, and the port keeps answering.
    const [victim] = serving;
    process.kill(victim, 'SIGKILL');
    await waitForOutput(api, /API worker \d exited \(SIGKILL\); starting another/);
    await waitForOutput(api, /ready at[\s\S]*ready at[\s\S]*ready at/, 30_000);
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);

    api.child.kill('SIGTERM');
    const exit = await api.exited;
    expect(exit.code).toBe(0);
    expect(api.output()).not.toMatch(/took longer than/);
  });
});
