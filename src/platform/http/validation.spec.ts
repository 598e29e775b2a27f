import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation';

function error(property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError {
  return { property, constraints, children } as ValidationError;
}

describe('flattenValidationErrors', () => {
  it('names nested fields and array items by path', () => {
    const errors = [
      error('email', { isEmail: 'email must be an email' }),
      error('customer', undefined, [error('document', { isCpf: 'document must be a valid CPF' })]),
      error('products', undefined, [error('0', undefined, [error('qty', { isPositive: 'qty must be a positive number', isInt: 'qty must be an integer' })])]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { name: 'email', reasons: ['email must be an email'] },
      { name: 'customer.document', reasons: ['document must be a valid CPF'] },
      { name: 'products[0].qty', reasons: ['qty must be a positive number', 'qty must be an integer'] },
    ]);
  });
});
