import { createHash } from 'node:crypto';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { encodeSortedCursor, keysetAfter, SortDirection } from '../platform/http/sorting';
import type { InvalidParam } from '../platform/http/validation';

export type ReadingKind = 'gyroscope' | 'gps';

const MAC = /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/;

/**
 * A device id is its MAC address, written with `:` or `-` (one separator throughout), in any case.
 * Stored and answered as `AA:BB:CC:DD:EE:FF`. Answers undefined for anything else.
 */
export function normalizeDeviceId(value: unknown): string | undefined {
  if (typeof value !== 'string' || !MAC.test(value)) return undefined;
  return value.toUpperCase().replaceAll('-', ':');
}

/** Earliest accepted timestamp: older values are a device clock that was never set. */
export const EARLIEST_TIMESTAMP = Date.UTC(2000, 0, 1);

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * When a reading was taken: an ISO 8601 date-time with a zone (`2026-11-25T10:00:00.123Z`,
 * `...-03:00`) or epoch milliseconds (a number, or a string of digits). Kept to the millisecond.
 */
export function parseTelemetryTimestamp(value: unknown): Date | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && /^\d{1,15}$/.test(value)) ms = Number(value);
  else if (typeof value === 'string' && ISO_8601.test(value)) ms = Date.parse(value);
  else return undefined;
  if (!Number.isInteger(ms) || ms < EARLIEST_TIMESTAMP || ms > 8.64e15) return undefined;
  return new Date(ms);
}

/**
 * A device clock running ahead: a timestamp more than `maxFutureSeconds` after the server's `now`
 * is refused. Answers the problem naming `field`, or undefined when the timestamp is acceptable.
 */
export function futureTimestampProblem(takenAt: Date, now: Date, maxFutureSeconds: number, field = 'timestamp'): InvalidParam | undefined {
  if (takenAt.getTime() <= now.getTime() + maxFutureSeconds * 1000) return undefined;
  return { name: field, reasons: [`timestamp must not be more than ${maxFutureSeconds} s ahead of the server clock`] };
}

/**
 * The id of a reading follows from what identifies it (kind, device, instant), in UUID form: a
 * reading sent twice gets the same id, and the queue and the table keep it once.
 */
export function readingId(kind: ReadingKind, deviceId: string, takenAt: Date): string {
  return uuidFromHash(`${kind}|${deviceId}|${takenAt.getTime()}`);
}

/** A UUID (version 8, RFC 9562 variant) derived from a text: the same text, the same id. */
export function uuidFromHash(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function fieldDecorator(name: string, validate: (value: unknown) => boolean, message: (property: string) => string, options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: property,
      options,
      validator: { validate, defaultMessage: (args: ValidationArguments) => message(args.property) },
    });
}

export const IsDeviceId = (options?: ValidationOptions) =>
  fieldDecorator('isDeviceId', (value) => normalizeDeviceId(value) !== undefined, (property) => `${property} must be a MAC address such as AA:BB:CC:DD:EE:FF or aa-bb-cc-dd-ee-ff`, options);

export const IsTelemetryTimestamp = (options?: ValidationOptions) =>
  fieldDecorator(
    'isTelemetryTimestamp',
    (value) => parseTelemetryTimestamp(value) !== undefined,
    (property) => `${property} must be an ISO 8601 date-time with a time zone (2026-11-25T10:00:00Z) or epoch milliseconds, from 2000-01-01 on`,
    options,
  );

/** Cursor of a newest-first list keyed by taken-at (unique per device). */
export function encodeTakenAtCursor(takenAt: Date): string {
  return Buffer.from(takenAt.toISOString()).toString('base64url');
}

export function decodeTakenAtCursor(cursor: string): Date | undefined {
  const text = Buffer.from(cursor, 'base64url').toString();
  const date = new Date(text);
  return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(text) && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** A field of one kind of batch reading only: refused on a reading of another kind. */
export const OnlyFor = (kind: ReadingKind, options?: ValidationOptions) => (target: object, property: string) =>
  registerDecorator({
    name: 'onlyFor',
    target: target.constructor,
    propertyName: property,
    options,
    validator: {
      validate: (_value: unknown, args: ValidationArguments) => (args.object as { type?: unknown }).type === kind,
      defaultMessage: (args: ValidationArguments) => `${args.property} is not a field of a ${String((args.object as { type?: unknown }).type)} reading`,
    },
  });

/** A window of a device's readings or photos: `?from=&to=`, the order and the cursor's bound. */
export interface TakenAtWindow {
  from?: Date;
  to?: Date;
  /** Newest first (desc, the default) or oldest first. */
  direction?: SortDirection;
  /** Newest first: only what was taken before this instant (the cursor). */
  before?: Date;
  /** Oldest first: only what comes after this position (the cursor). */
  after?: { takenAt: Date; id: string };
  limit: number;
}

/** The `takenAt` condition of a window: from `from`, before the earlier of `to` and the cursor. */
export function takenAtRange(window: TakenAtWindow): { gte?: Date; lt?: Date } {
  const upper = [window.to, window.before].filter((date): date is Date => date !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
  return { ...(window.from && { gte: window.from }), ...(upper && { lt: upper }) };
}

/** The `where` of a window: its period, bounded by the cursor's position in the window's order. */
export function takenAtWhere(window: TakenAtWindow): { takenAt: { gte?: Date; lt?: Date }; OR?: Array<Record<string, unknown>> } {
  const after = window.after;
  return { takenAt: takenAtRange(window), ...(after && keysetAfter('takenAt', 'asc', after.takenAt, after.id)) };
}

/** The `orderBy` of a window: taken-at is unique per device, the id only settles the oldest-first keyset. */
export function takenAtOrder(window: TakenAtWindow): Array<Record<string, SortDirection>> {
  return window.direction === 'asc' ? [{ takenAt: 'asc' }, { id: 'asc' }] : [{ takenAt: 'desc' }];
}

/** A page of a list read with `limit + 1` rows: the items and the cursor to the next, in the window's order. */
export function takenAtPage<T extends { takenAt: Date; id: string }, D>(rows: T[], limit: number, toDto: (row: T) => D, window?: TakenAtWindow): { items: D[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  if (rows.length <= limit) return { items: items.map(toDto), nextCursor: null };
  return { items: items.map(toDto), nextCursor: window?.direction === 'asc' ? encodeSortedCursor('takenAt', last.takenAt.toISOString(), last.id) : encodeTakenAtCursor(last.takenAt) };
}
