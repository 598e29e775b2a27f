import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { parseMoney } from '../money';

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
