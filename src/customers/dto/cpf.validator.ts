import { registerDecorator, ValidationOptions } from 'class-validator';
import { isValidCpf } from '../cpf';

/** A CPF with valid check digits, with or without punctuation; repeated-digit numbers refused. */
export function IsCpf(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isCpf',
      target: target.constructor,
      propertyName: property,
      options: { message: `${property} must be a valid CPF (11 digits, check digits verified)`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidCpf(value) },
    });
}
