import { PartialType } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { createValidationPipe } from './validation';
import { IsOmittable } from './validators';

class NoteDto {
  @IsString()
  title: string;

  @IsOmittable()
  @IsString()
  text?: string;

  @IsOptional()
  @IsString()
  legacy?: string;
}

class NotePatchDto extends PartialType(NoteDto, { skipNullProperties: false }) {}

const validate = (metatype: new () => object, body: unknown) => createValidationPipe().transform(body, { type: 'body', metatype });

describe('IsOmittable', () => {
  it('lets the field be left out', async () => {
    await expect(validate(NoteDto, { title: 'a' })).resolves.toEqual({ title: 'a' });
    await expect(validate(NoteDto, { title: 'a', text: 'b' })).resolves.toEqual({ title: 'a', text: 'b' });
  });

  it('validates null instead of taking it for a left-out field, as IsOptional does', async () => {
    await expect(validate(NoteDto, { title: 'a', text: null })).rejects.toMatchObject({ invalidParams: [{ name: 'text', reasons: ['text must be a string'] }] });
    await expect(validate(NoteDto, { title: 'a', legacy: null })).resolves.toEqual({ title: 'a', legacy: null });
  });

  it('is what PartialType gives every field with skipNullProperties: false', async () => {
    await expect(validate(NotePatchDto, {})).resolves.toEqual({});
    await expect(validate(NotePatchDto, { title: null })).rejects.toMatchObject({ invalidParams: [{ name: 'title' }] });
  });
});
