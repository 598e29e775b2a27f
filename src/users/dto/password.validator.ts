import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { passwordProblems } from '../password-policy';

/** Checks a password against the policy, using the e-mail of the same body when there is one. */
export function MeetsPasswordPolicy(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'meetsPasswordPolicy',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const email = (args.object as { email?: unknown }).email;
          return typeof value === 'string' && passwordProblems(value, { email: typeof email === 'string' ? email : undefined }).length === 0;
        },
        defaultMessage(args: ValidationArguments) {
          const email = (args.object as { email?: unknown }).email;
          if (typeof args.value !== 'string') return 'password must be a string';
          return passwordProblems(args.value, { email: typeof email === 'string' ? email : undefined }).join('; ');
        },
      },
    });
}
