import { registerDecorator, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';
import { parseMoney } from '../money';

/**
 * A body field that may be left out. Unlike class-validator's IsOptional, null does not count as
 * left out: it is validated like any other value and refused unless the field allows it, so a
 * service never gets null where its input says "present or absent". (Query strings and paths
 * cannot carry null; their DTOs keep IsOptional.) Mapped types get the same with
 * `PartialType(Dto, { skipNullProperties: false })`.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}

/** Largest value of PostgreSQL's int4: role ids. */
export const MAX_INT4 = 2_147_483_647;

/**
 * The first instant PostgreSQL's timestamptz takes as JavaScript writes dates: earlier years come
 * out as `0000-...` or `-000001-...`, which it refuses (22008, a 500 if let through).
 */
export const FIRST_STORABLE_DATE = new Date('0001-01-01T00:00:00.000Z');

/**
 * For a Date field (after `@Type(() => Date)` and `@IsDate()`): from year 1 on, so it can be stored
 * or compared. What is no date at all is IsDate's to refuse, with its one reason.
 */
export function IsStorableDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'isStorableDate',
      target: target.constructor,
      propertyName: property as string,
      options: { message: '$property must be from year 1 on', ...options },
      validator: {
        validate: (value: unknown) => !(value instanceof Date) || Number.isNaN(value.getTime()) || value.getTime() >= FIRST_STORABLE_DATE.getTime(),
      },
    });
}

/** For the end of a period: later than the start field `start` when both are dates (what is no date is IsDate's to refuse). */
export function IsLaterThan(start: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'isLaterThan',
      target: target.constructor,
      propertyName: property as string,
      constraints: [start],
      options: { message: `$property must be later than ${start}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const from = (args.object as Record<string, unknown>)[start];
          const valid = (date: unknown): date is Date => date instanceof Date && !Number.isNaN(date.getTime());
          return !(valid(value) && valid(from)) || value.getTime() > from.getTime();
        },
      },
    });
}

/**
 * An amount of money as a number or a string with at most two decimals. `positive` refuses zero
 * and negatives; `nonNegative` refuses negatives.
 */
export function IsMoney(constraint: 'positive' | 'nonNegative' | 'nonZero' = 'positive', options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isMoney',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate(value: unknown) {
          const cents = parseMoney(value);
          if (cents === undefined) return false;
          return constraint === 'positive' ? cents > 0n : constraint === 'nonNegative' ? cents >= 0n : cents !== 0n;
        },
        defaultMessage(args: ValidationArguments) {
          const rule = constraint === 'positive' ? 'greater than zero' : constraint === 'nonNegative' ? 'zero or more' : 'different from zero';
          return `${args.property} must be an amount with at most two decimals (e.g. 100.50 or "100.50"), ${rule}`;
        },
      },
    });
}
