import type { ValidationError } from '@nestjs/common';
import { IsString } from 'class-validator';
import { createValidationPipe, findUnsafeInput, flattenValidationErrors, MAX_INPUT_DEPTH, RequestValidationError } from './validation';

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

describe('findUnsafeInput', () => {
  it('names strings PostgreSQL cannot store: NUL anywhere, lone surrogates, in values and keys', () => {
    const body = { name: 'a\u0000b', ok: 'Zoë 👩‍👩‍👧 e\u0301 \u202Eabc', address: { city: 'x\uD800y' }, items: [{ note: '\uDFFF' }], details: { 'k\u0000': 1 } };
    expect(findUnsafeInput(body, 'body')).toEqual([
      { name: 'name', reasons: ['name must not contain the NUL character'] },
      { name: 'address.city', reasons: ['address.city must be valid Unicode text (no lone surrogates)'] },
      { name: 'items[0].note', reasons: ['items[0].note must be valid Unicode text (no lone surrogates)'] },
      { name: 'details.k\u0000', reasons: ['field name must not contain the NUL character'] },
    ]);
  });

  it('names a path or query parameter by its own name', () => {
    expect(findUnsafeInput('\u0000', 'code')).toEqual([{ name: 'code', reasons: ['code must not contain the NUL character'] }]);
    expect(findUnsafeInput({ email: ['a', '\u0000'] }, 'query')).toEqual([{ name: 'email[1]', reasons: ['email[1] must not contain the NUL character'] }]);
  });

  it('refuses nesting deeper than MAX_INPUT_DEPTH without recursing into it', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(findUnsafeInput(deep, 'body')).toEqual([{ name: `[0]`.repeat(MAX_INPUT_DEPTH), reasons: [`${'[0]'.repeat(MAX_INPUT_DEPTH)} is nested more than ${MAX_INPUT_DEPTH} levels deep`] }]);
    const justEnough = JSON.parse('['.repeat(MAX_INPUT_DEPTH) + ']'.repeat(MAX_INPUT_DEPTH)) as unknown;
    expect(findUnsafeInput(justEnough, 'body')).toEqual([]);
  });

  it('is checked by the global pipe before class-transformer sees the input', async () => {
    class NameDto {
      @IsString()
      name: string;
    }
    const pipe = createValidationPipe();
    await expect(pipe.transform({ name: 'x\uD800' }, { type: 'body', metatype: NameDto })).rejects.toMatchObject({ invalidParams: [{ name: 'name' }] });
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    await expect(pipe.transform(deep, { type: 'body', metatype: NameDto })).rejects.toBeInstanceOf(RequestValidationError);
    await expect(pipe.transform('a\u0000', { type: 'param', data: 'id', metatype: String })).rejects.toMatchObject({ invalidParams: [{ name: 'id' }] });
    await expect(pipe.transform({ name: 'fine' }, { type: 'body', metatype: NameDto })).resolves.toEqual({ name: 'fine' });
  });
});

describe('createValidationPipe(expectedType)', () => {
  class NameDto {
    @IsString()
    name: string;
  }

  it('validates a parameter declared `object` as the class it is given, strictly', async () => {
    const pipe = createValidationPipe(NameDto);
    await expect(pipe.transform({ name: 'fine' }, { type: 'body', metatype: Object })).resolves.toBeInstanceOf(NameDto);
    await expect(pipe.transform({ name: 1 }, { type: 'body', metatype: Object })).rejects.toMatchObject({ invalidParams: [{ name: 'name', reasons: ['name must be a string'] }] });
    await expect(pipe.transform({ name: 'fine', other: 1 }, { type: 'body', metatype: Object })).rejects.toMatchObject({ invalidParams: [{ name: 'other' }] });
    // Without it, a parameter declared `object` is not validated at all.
    await expect(createValidationPipe().transform({ name: 1 }, { type: 'body', metatype: Object })).resolves.toEqual({ name: 1 });
  });
});
