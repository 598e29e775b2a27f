import { Claim } from '../../src/platform/auth/claims';
import { AuditService } from '../../src/audit/audit.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';

describe('audit events (e2e)', () => {
  let t: TestApp;
  let auditor: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    auditor = await createUserWithClaims(t, [Claim.AuditRead]);
    const audit = t.app.get(AuditService);
    for (let i = 1; i <= 5; i += 1) await audit.record({ action: i % 2 ? 'widget.create' : 'widget.update', entityType: 'widget', entityId: i });
  });

  afterAll(() => t.close());

  it('pages through events newest first with a cursor', async () => {
    const first = await t.http.get('/api/v1/audit-events').query({ entityType: 'widget', limit: 2 }).set(auditor.auth);
    expect(first.body.items.map((e: { entityId: string }) => e.entityId)).toEqual(['5', '4']);
    const second = await t.http.get('/api/v1/audit-events').query({ entityType: 'widget', limit: 2, cursor: first.body.nextCursor }).set(auditor.auth);
    expect(second.body.items.map((e: { entityId: string }) => e.entityId)).toEqual(['3', '2']);
    const last = await t.http.get('/api/v1/audit-events').query({ entityType: 'widget', limit: 2, cursor: second.body.nextCursor }).set(auditor.auth);
    expect(last.body).toMatchObject({ items: [{ entityId: '1', actor: 'system', actorUserId: null }], nextCursor: null });
  });

  it('filters by action and time', async () => {
    const updates = await t.http.get('/api/v1/audit-events').query({ action: 'widget.update' }).set(auditor.auth);
    expect(updates.body.items.map((e: { entityId: string }) => e.entityId)).toEqual(['4', '2']);
    const future = await t.http.get('/api/v1/audit-events').query({ from: '2999-01-01T00:00:00Z' }).set(auditor.auth);
    expect(future.body.items).toEqual([]);
  });

  it('names invalid filters', async () => {
    const res = await t.http.get('/api/v1/audit-events').query({ from: 'yesterday', limit: 0, cursor: 'abc' }).set(auditor.auth);
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(['cursor', 'from', 'limit']);
  });
});
