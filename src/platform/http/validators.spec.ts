import { PartialType } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { createValidationPipe } from './validation';
import { PeriodQueryDto } from './time-window';
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

describe('IsStorableDate', () => {
  it('refuses dates before year 1, which PostgreSQL refuses as JavaScript writes them', async () => {
    const query = (from: string) => createValidationPipe().transform({ from }, { type: 'query', metatype: PeriodQueryDto });
    for (const from of ['0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '-271821-04-20T00:00:00Z']) {
      await expect(query(from)).rejects.toMatchObject({ invalidParams: [{ name: 'from', reasons: ['from must be from year 1 on'] }] });
    }
    for (const from of ['0001-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '+275760-09-13T00:00:00Z']) {
      await expect(query(from)).resolves.toMatchObject({ from: new Date(from) });
    }
  });
});

describe('IsLaterThan (the end of a period)', () => {
  const period = (query: Record<string, string>) => createValidationPipe().transform(query, { type: 'query', metatype: PeriodQueryDto });

  it('refuses a period that ends before or when it starts, naming to', async () => {
    for (const to of ['2026-12-01', '2026-12-05']) {
      await expect(period({ from: '2026-12-05', to })).rejects.toMatchObject({ invalidParams: [{ name: 'to', reasons: ['to must be later than from'] }] });
    }
  });

  it('accepts a period in order, or with either end left open', async () => {
    await expect(period({ from: '2026-12-01', to: '2026-12-05' })).resolves.toMatchObject({ from: new Date('2026-12-01'), to: new Date('2026-12-05') });
    await expect(period({ to: '2026-12-01' })).resolves.toMatchObject({ to: new Date('2026-12-01') });
    await expect(period({ from: '2026-12-05' })).resolves.toMatchObject({ from: new Date('2026-12-05') });
  });

  it('leaves a date that is no date to the date rule', async () => {
    await expect(period({ from: '2026-12-05', to: 'soon' })).rejects.toMatchObject({
      invalidParams: [{ name: 'to', reasons: ['to must be an ISO 8601 date or date-time, such as 2026-11-01 or 2026-11-01T10:00:00Z'] }],
    });
  });
});
