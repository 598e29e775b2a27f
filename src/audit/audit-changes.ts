export type ChangeSummary = Record<string, { from?: unknown; to?: unknown }>;

export const REDACTED = '[redacted]';

const normalize = (value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value instanceof Date ? value.toISOString() : value);

/**
 * The fields that differ between two states, for the audit trail. Fields named in `secrets` keep
 * only the fact that they changed. `before` undefined means created, `after` undefined deleted.
 */
export function summarizeChanges(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  secrets: readonly string[] = [],
): ChangeSummary {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const summary: ChangeSummary = {};
  for (const key of keys) {
    const from = normalize(before?.[key]);
    const to = normalize(after?.[key]);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    const secret = secrets.includes(key);
    summary[key] = {
      ...(before && key in before ? { from: secret ? REDACTED : from } : {}),
      ...(after && key in after ? { to: secret ? REDACTED : to } : {}),
    };
  }
  return summary;
}
