import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Clock, SystemClock } from './clock';

const SRC = path.resolve(__dirname, '..');

/**
 * A read of the current wall-clock time: `Date.now` (called or passed as a function), `new Date()`
 * or `new Date` with no argument, and `Date()` (the current time as text). `new Date(value)`
 * parses a value and is not a read.
 */
const WALL_CLOCK_READ = /\bDate\.now\b|\bnew\s+Date\b\s*(?:\(\s*\)|(?!\s*\())|(?<!\bnew\s+)(?<![\w.$])Date\s*\(\s*\)/;

/** Not scanned: the clock itself, generated code, and tests (which fake or measure time as they need). */
const SKIPPED = (file: string) => file === 'platform/clock.ts' || file.startsWith('generated/') || file.endsWith('.spec.ts');

/** The reads allowed outside the clock, each with why no Clock can be asked there. */
const ALLOWED: Array<{ file: string; line: string; why: string }> = [
  {
    file: 'platform/database/embedded-postgres.ts',
    line: 'return Date.now() - statSync(file).mtimeMs;',
    why: "a lock file's age: its mtime is wall-clock time, and the lock is taken before any application (and its Clock) exists, also by the test runner's global setup in plain Node",
  },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function wallClockReads(): Array<{ file: string; number: number; line: string }> {
  return sources(SRC)
    .map((full) => path.relative(SRC, full).split(path.sep).join('/'))
    .filter((file) => !SKIPPED(file))
    .flatMap((file) =>
      readFileSync(path.join(SRC, file), 'utf8')
        .split('\n')
        .map((line, index) => ({ file, number: index + 1, line: line.trim() }))
        .filter(({ line }) => WALL_CLOCK_READ.test(line)),
    );
}

describe('reading the time', () => {
  it('reads wall-clock time only from the Clock in src (durations come from performance.now())', () => {
    const reads = wallClockReads().filter((read) => !ALLOWED.some((allowed) => allowed.file === read.file && allowed.line === read.line));
    expect(reads.map(({ file, number, line }) => `src/${file}:${number}: ${line}`)).toEqual([]);
  });

  it('allows only reads that are still there', () => {
    const reads = wallClockReads();
    expect(ALLOWED.filter((allowed) => !reads.some((read) => read.file === allowed.file && read.line === allowed.line))).toEqual([]);
  });

  it.each(['const t = Date.now();', 'x(Date.now)', 'at: new Date(),', 'new Date ( )', 'const d = new Date;', 'String(Date())', 'return Date ();'])('takes %p for a wall-clock read', (line) => {
    expect(WALL_CLOCK_READ.test(line)).toBe(true);
  });

  it.each(['new Date(value)', 'new Date(0)', 'new Date(now.getTime() + ms)', 'Date.parse(text)', 'Date.UTC(2026, 0, 1)', 'performance.now()', 'this.clock.now()', 'toDate()', 'isDate()', 'parseDate ()', 'new DateRange()', 'new Intl.DateTimeFormat()', 'let at: Date;'])(
    'leaves %p alone',
    (line) => {
      expect(WALL_CLOCK_READ.test(line)).toBe(false);
    },
  );

  it('gives epoch milliseconds of the same "now" through nowMs, also for a Clock that only implements now()', () => {
    class FixedClock extends Clock {
      now() {
        return new Date('2026-01-02T03:04:05.678Z');
      }
    }
    expect(new FixedClock().nowMs()).toBe(Date.parse('2026-01-02T03:04:05.678Z'));
    const system = new SystemClock();
    const before = system.now().getTime();
    const ms = system.nowMs();
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(system.now().getTime());
  });
});
