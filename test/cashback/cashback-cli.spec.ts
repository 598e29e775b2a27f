import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase } from '../../src/customers/cpf';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { runCli, stopAll } from '../support/processes';

afterEach(stopAll);

describe('cashback CLI commands', () => {
  let t: TestApp;
  let reader: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(SeedService).run();
    const erp = await createUserWithClaims(t, [Claim.CashbackWrite]);
    for (let i = 0; i < 3; i += 1) {
      const res = await t.http
        .post('/api/v1/cashback')
        .set(erp.auth)
        .send({ sold_at: '2026-01-02 10:00:00', customer: { document: cpfFromBase(String(500_000_000 + i)), name: `C ${i}` }, total: '10.00', products: [{ type: 'C', value: '10.00', qty: 1 }] });
      expect(res.status).toBe(201);
    }
    const ids = (await t.prisma.cashbackPurchase.findMany({ select: { id: true }, orderBy: { createdAt: 'asc' } })).map((p) => p.id);
    await t.prisma.cashbackPurchase.updateMany({ where: { id: { in: ids.slice(0, 2) } }, data: { status: 'FAILED' } });
    await t.prisma.cashbackPurchase.update({ where: { id: ids[2] }, data: { status: 'DELIVERED', attempts: 1 } });
    reader = await createUserWithClaims(t, [Claim.CashbackRead, Claim.CashbackReadAll]);
  });

  afterAll(() => t.close());

  it('cashback:report sums purchases by delivery status', async () => {
    const { code, output } = await runCli(t.database.url, ['cashback:report', '--from', '2020-01-01']);
    expect(code).toBe(0);
    expect(output).toMatch(/^Purchases accepted from 2020-01-01T00:00:00.000Z until now:\n/);
    expect(output).toMatch(/^DELIVERED\s+1\s+10\.00\s+1\.00$/m);
    expect(output).toMatch(/^FAILED\s+2\s+20\.00\s+2\.00$/m);
    expect(output).toMatch(/^delivery calls: 1$/m);
    expect((await runCli(t.database.url, ['cashback:report', '--to', 'soon'])).output).toBe('error: --to must be an ISO 8601 date or date-time, such as 2026-11-01 or 2026-11-01T10:00:00Z\n');
  });

  it('cashback:report refuses a period that ends before it starts, as the API does', async () => {
    for (const to of ['2026-12-01', '2026-12-05']) {
      expect(await runCli(t.database.url, ['cashback:report', '--from', '2026-12-05', '--to', to])).toEqual({ code: 1, output: 'error: --to must be later than from\n' });
      const api = await t.http.get(`/api/v1/cashback/reconciliation?from=2026-12-05&to=${to}`).set(reader.auth);
      expect({ status: api.status, invalidParams: api.body.invalidParams }).toEqual({ status: 400, invalidParams: [{ name: 'to', reasons: ['to must be later than from'] }] });
    }
  });

  it('cashback:report --json prints the reconciliation as GET /cashback/reconciliation answers it', async () => {
    const run = await runCli(t.database.url, ['cashback:report', '--from', '2020-01-01', '--json']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout);
    expect(report.byStatus).toEqual(expect.arrayContaining([{ status: 'FAILED', purchases: 2, total: '20.00', cashback: '2.00' }]));
    expect((await t.http.get('/api/v1/cashback/reconciliation?from=2020-01-01').set(reader.auth)).body).toEqual(report);
  });

  it('cashback:resend re-queues every FAILED purchase', async () => {
    expect(await runCli(t.database.url, ['cashback:resend', '--status', 'FAILED'])).toEqual({ code: 0, output: 'Re-queued 2 purchase(s); an API process with delivery enabled sends them.\n' });
    expect(await t.prisma.cashbackPurchase.count({ where: { status: 'PENDING' } })).toBe(2);
    expect(await t.prisma.auditEvent.count({ where: { action: 'cashback.purchase.resend' } })).toBe(2);
    expect((await runCli(t.database.url, ['cashback:resend', '--status', 'DELIVERED'])).output).toBe('error: --status must be FAILED or PENDING (a delivered purchase is never sent again)\n');
  });

  it('cashback:resend --status PENDING re-queues only PENDING purchases that no job will deliver', async () => {
    const pending = (await t.prisma.cashbackPurchase.findMany({ where: { status: 'PENDING' }, select: { id: true } })).map((p) => p.id);
    expect(pending).toHaveLength(2);
    const liveJobs = async () => {
      const rows = await t.prisma.$queryRawUnsafe<{ key: string; n: number }[]>(
        `SELECT data->>'purchaseId' AS key, count(*)::int AS n FROM pgboss.job WHERE name = 'cashback-delivery' AND state < 'completed' AND data->>'purchaseId' = ANY($1::text[]) GROUP BY 1`,
        pending,
      );
      return Object.fromEntries(rows.map((row) => [row.key, row.n]));
    };
    // One of them lost its jobs (as when its last attempt failed before it could be recorded).
    await t.prisma.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'cashback-delivery' AND data->>'purchaseId' = $1`, pending[0]);
    const before = await liveJobs();
    expect(before[pending[0]]).toBeUndefined();
    expect(await runCli(t.database.url, ['cashback:resend', '--status', 'PENDING'])).toEqual({ code: 0, output: 'Re-queued 1 purchase(s); an API process with delivery enabled sends them.\n' });
    expect(await liveJobs()).toEqual({ ...before, [pending[0]]: 1 });
    expect(await runCli(t.database.url, ['cashback:resend', '--status', 'PENDING'])).toEqual({ code: 0, output: 'Re-queued 0 purchase(s); an API process with delivery enabled sends them.\n' });
  });
});
