import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, registerDecorator, ValidationArguments } from 'class-validator';
import { RequestValidationError } from './validation';

export type SortDirection = 'asc' | 'desc';

export interface SortKey<F extends string = string> {
  field: F;
  direction: SortDirection;
}

/** The values `sort` takes for these fields: each field ascending, then `-field` descending. */
export function sortValues(fields: readonly string[]): string[] {
  return fields.flatMap((field) => [field, `-${field}`]);
}

/** `email,-createdAt` (or repeated `sort=`) as keys; undefined when absent. Validated by SortParam first. */
export function parseSort<F extends string>(value: string | undefined): SortKey<F>[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((part) => (part.startsWith('-') ? { field: part.slice(1) as F, direction: 'desc' } : { field: part as F, direction: 'asc' }));
}

function isValidSort(value: unknown, fields: readonly string[], multiple: boolean): boolean {
  if (typeof value !== 'string' || value === '') return false;
  const parts = value.split(',');
  if (!multiple && parts.length > 1) return false;
  const named = parts.map((part) => (part.startsWith('-') ? part.slice(1) : part));
  return named.every((field) => fields.includes(field)) && new Set(named).size === named.length;
}

/**
 * The `sort` query parameter of a list: `field` ascending, `-field` descending, several keys
 * separated by commas (or `sort` repeated) where `multiple`; each field at most once. Anything
 * else is a 400 naming `sort` with the values it takes. Documented as an enum of those values,
 * with no example or default Swagger UI would send; `order` says what the list does without it.
 */
export function SortParam(fields: readonly string[], options: { order: string; multiple?: boolean }) {
  const values = sortValues(fields);
  const multiple = options.multiple ?? true;
  const rule = multiple ? `a comma-separated list of ${values.join(', ')} (each field once)` : `one of ${values.join(', ')}`;
  return applyDecorators(
    ApiPropertyOptional({
      enum: values,
      isArray: multiple,
      description: [
        `Order of the list: \`field\` ascending, \`-field\` descending${multiple ? '; several keys apply in turn, comma-separated or with `sort` repeated' : ''}.`,
        `Without it: ${options.order}. Ties are broken by id, so pages never overlap.`,
        `Example: \`-${fields[fields.length - 1]}\`.`,
      ].join(' '),
    }),
    IsOptional(),
    // Repeated `sort=` arrives as an array: one list either way.
    Transform(({ value }) => (Array.isArray(value) ? value.join(',') : value)),
    (target: object, property: string | symbol) =>
      registerDecorator({
        name: 'isSort',
        target: target.constructor,
        propertyName: property as string,
        validator: {
          validate: (value: unknown) => isValidSort(value, fields, multiple),
          defaultMessage: (args: ValidationArguments) => `${args.property} must be ${rule}`,
        },
      }),
  );
}

/** A Prisma `orderBy` for the keys, then the tiebreaker (`id`) in the first key's direction. */
export function orderByOf<F extends string>(keys: readonly SortKey<F>[], columns: Record<F, string>, tiebreaker = 'id'): Array<Record<string, SortDirection>> {
  const order = keys.map((key) => ({ [columns[key.field]]: key.direction }));
  return order.some((key) => tiebreaker in key) ? order : [...order, { [tiebreaker]: keys[0]?.direction ?? 'asc' }];
}

/** The request's order unless it is the list's default, which keeps the default's cursors. */
export function explicitSort(sort: string | undefined, defaultSort: string | undefined): string | undefined {
  return sort === defaultSort ? undefined : sort;
}

const SORTED_CURSOR = /^s1~([A-Za-z,-]{1,100})~([^~]{0,200})~([^~]{0,100})$/;

/**
 * The cursor of a page read in another order than the list's default: the order it was made for,
 * the last item's sort value and its id. Opaque to clients.
 */
export function encodeSortedCursor(sort: string, value: string, id: string): string {
  return Buffer.from(`s1~${sort}~${value}~${id}`).toString('base64url');
}

/** Whether a text is a cursor made by encodeSortedCursor (for DTOs whose other cursors have a shape of their own). */
export function isSortedCursor(cursor: unknown): boolean {
  return typeof cursor === 'string' && /^[A-Za-z0-9_-]{1,300}$/.test(cursor) && readSortedCursor(cursor) !== undefined;
}

function readSortedCursor(cursor: string): { sort: string; value: string; id: string } | undefined {
  const match = SORTED_CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? { sort: match[1], value: match[2], id: match[3] } : undefined;
}

const invalidCursor = (reason: string) => new RequestValidationError([{ name: 'cursor', reasons: [reason] }]);

/**
 * The position a cursor names, checked against the order of this request: a cursor made for one
 * order is refused with another (its position means nothing there). `legacy` reads the cursors
 * the list makes in its default order (their format predates sorting and stays unchanged);
 * `sort` is undefined for that order (see `explicitSort`).
 */
export function cursorPosition<L>(
  cursor: string | undefined,
  sort: string | undefined,
  legacy: (cursor: string) => L | undefined,
): { legacy: L } | { value: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const sorted = readSortedCursor(cursor);
  if (sort === undefined) {
    const position = sorted ? undefined : legacy(cursor);
    if (position !== undefined) return { legacy: position };
    throw invalidCursor(sorted ? `cursor was issued for sort=${sorted.sort}; send that sort with it, or drop the cursor to start again` : 'cursor must be a cursor returned by a previous page');
  }
  if (sorted?.sort === sort) return { value: sorted.value, id: sorted.id };
  if (sorted) throw invalidCursor(`cursor was issued for sort=${sorted.sort}, not sort=${sort}; drop the cursor to start again`);
  throw invalidCursor(legacy(cursor) !== undefined ? `cursor was issued for the default order, not sort=${sort}; drop the cursor to start again` : 'cursor must be a cursor returned by a previous page');
}

/** A sorted cursor's position whose value is an instant and whose id is an integer; a 400 naming `cursor` otherwise. */
export function instantPosition(position: { value: string; id: string }): { at: Date; id: bigint } {
  const { at, id } = instantTextPosition(position);
  if (!/^\d{1,18}$/.test(id)) throw invalidCursor('cursor must be a cursor returned by a previous page');
  return { at, id: BigInt(id) };
}

/** The same with a text id. */
export function instantTextPosition(position: { value: string; id: string }): { at: Date; id: string } {
  const at = new Date(position.value);
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(position.value) || Number.isNaN(at.getTime()) || position.id === '') throw invalidCursor('cursor must be a cursor returned by a previous page');
  return { at, id: position.id };
}

/**
 * The rows after a keyset position in this order: `field` past `value`, or equal to it with the
 * id past `id` (a Prisma `where` fragment, to AND with the list's filters).
 */
export function keysetAfter(field: string, direction: SortDirection, value: unknown, id: unknown, idField = 'id'): { OR: Array<Record<string, unknown>> } {
  const past = direction === 'asc' ? 'gt' : 'lt';
  return { OR: [{ [field]: { [past]: value } }, { [field]: value, [idField]: { [past]: id } }] };
}
