import { futureTimestampProblem, normalizeDeviceId, parseTelemetryTimestamp, readingId } from './telemetry-fields';

describe('device ids', () => {
  it.each([
    ['AA:BB:CC:DD:EE:FF', 'AA:BB:CC:DD:EE:FF'],
    ['aa:bb:cc:dd:ee:0f', 'AA:BB:CC:DD:EE:0F'],
    ['aa-bb-cc-dd-ee-ff', 'AA:BB:CC:DD:EE:FF'],
    ['01-23-45-67-89-AB', '01:23:45:67:89:AB'],
  ])('normalizes %s', (input, expected) => expect(normalizeDeviceId(input)).toBe(expected));

  it.each(['', 'AABBCCDDEEFF', 'AA:BB:CC:DD:EE', 'AA:BB:CC:DD:EE:FF:00', 'AA:BB-CC:DD:EE:FF', 'GG:BB:CC:DD:EE:FF', ' AA:BB:CC:DD:EE:FF', 42, null])(
    'refuses %p',
    (input) => expect(normalizeDeviceId(input)).toBeUndefined(),
  );
});

describe('telemetry timestamps', () => {
  it.each([
    ['2026-11-25T10:00:00Z', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25T10:00:00.123Z', '2026-11-25T10:00:00.123Z'],
    ['2026-11-25T07:00:00-03:00', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25T10:00Z', '2026-11-25T10:00:00.000Z'],
    [1_795_600_800_000, '2026-11-25T10:00:00.000Z'],
    ['1795600800000', '2026-11-25T10:00:00.000Z'],
  ])('reads %p', (input, expected) => expect(parseTelemetryTimestamp(input)?.toISOString()).toBe(expected));

  it.each([
    ['2026-11-25T10:00:00', 'no time zone'],
    ['2026-11-25', 'a date only'],
    ['2026-13-45T10:00:00Z', 'an impossible date'],
    ['yesterday', 'words'],
    [1_795_600_800.5, 'a fraction of a millisecond'],
    [1_795_600_800, 'epoch seconds (before 2000 when read as milliseconds)'],
    [-1, 'a negative number'],
    [true, 'a boolean'],
    [undefined, 'nothing'],
  ])('refuses %p (%s)', (input: unknown, _why: string) => expect(parseTelemetryTimestamp(input)).toBeUndefined());
});

describe('timestamps ahead of the server clock', () => {
  const now = new Date('2026-11-25T10:00:00.000Z');
  const ahead = (ms: number) => new Date(now.getTime() + ms);

  it('accepts up to the allowed lead, to the millisecond', () => {
    expect(futureTimestampProblem(ahead(-3_600_000), now, 300)).toBeUndefined();
    expect(futureTimestampProblem(ahead(300_000), now, 300)).toBeUndefined();
  });

  it('refuses one millisecond more, naming the field', () => {
    expect(futureTimestampProblem(ahead(300_001), now, 300)).toEqual({ name: 'timestamp', reasons: ['timestamp must not be more than 300 s ahead of the server clock'] });
    expect(futureTimestampProblem(ahead(1_001), now, 1, 'readings[2].timestamp')).toEqual({ name: 'readings[2].timestamp', reasons: ['timestamp must not be more than 1 s ahead of the server clock'] });
  });
});

describe('reading ids', () => {
  const at = new Date('2026-11-25T10:00:00.000Z');

  it('are well-formed UUIDs that follow from kind, device and instant', () => {
    const id = readingId('gps', 'AA:BB:CC:DD:EE:FF', at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(readingId('gps', 'AA:BB:CC:DD:EE:FF', new Date(at))).toBe(id);
    expect(readingId('gyroscope', 'AA:BB:CC:DD:EE:FF', at)).not.toBe(id);
    expect(readingId('gps', 'AA:BB:CC:DD:EE:00', at)).not.toBe(id);
    expect(readingId('gps', 'AA:BB:CC:DD:EE:FF', new Date(at.getTime() + 1))).not.toBe(id);
  });
});
