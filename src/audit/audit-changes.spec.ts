import { REDACTED, summarizeChanges } from './audit-changes';

describe('summarizeChanges', () => {
  it('keeps only the fields that changed', () => {
    expect(summarizeChanges({ name: 'Ana', email: 'a@x.io', roleId: 1 }, { name: 'Ana', email: 'ana@x.io', roleId: 2 })).toEqual({
      email: { from: 'a@x.io', to: 'ana@x.io' },
      roleId: { from: 1, to: 2 },
    });
  });

  it('records creation and deletion', () => {
    expect(summarizeChanges(undefined, { name: 'Ana' })).toEqual({ name: { to: 'Ana' } });
    expect(summarizeChanges({ name: 'Ana' }, undefined)).toEqual({ name: { from: 'Ana' } });
  });

  it('never records a secret value, only that it changed', () => {
    const summary = summarizeChanges({ password: 'old-hash' }, { password: 'new-hash' }, ['password']);
    expect(summary).toEqual({ password: { from: REDACTED, to: REDACTED } });
    expect(JSON.stringify(summary)).not.toMatch(/hash/);
    expect(summarizeChanges({ password: 'same' }, { password: 'same' }, ['password'])).toEqual({});
  });

  it('serializes bigints and dates', () => {
    expect(summarizeChanges({ id: 1n, at: new Date('2026-01-01T00:00:00Z') }, { id: 2n, at: new Date('2026-01-02T00:00:00Z') })).toEqual({
      id: { from: '1', to: '2' },
      at: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' },
    });
  });
});
