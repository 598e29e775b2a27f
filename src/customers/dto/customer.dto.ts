import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageDto, PageQueryDto } from '../../platform/http/pagination';
import { IsMoney, IsOmittable } from '../../platform/http/validators';
import { IsCpf } from './cpf.validator';
import { SortParam } from '../../platform/http/sorting';
import { CUSTOMER_SORT_FIELDS } from '../customers.repository';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AddressDto {
  @ApiProperty({ example: 'Rua das Flores' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  street: string;

  @ApiProperty({ example: '123' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  number: string;

  @ApiPropertyOptional({ example: 'apto 42' })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  complement?: string;

  @ApiPropertyOptional({ example: 'Centro' })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  district?: string;

  @ApiProperty({ example: 'São Paulo' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  city: string;

  /** Two-letter state code. */
  @ApiProperty({ example: 'SP' })
  @Matches(/^[A-Z]{2}$/, { message: 'state must be a two-letter state code such as SP' })
  state: string;

  /** CEP, 8 digits (a dash is accepted after the fifth). */
  @ApiProperty({ example: '01310-100', pattern: '^\\d{5}-?\\d{3}$' })
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/^(\d{5})-(\d{3})$/, '$1$2') : value))
  @Matches(/^\d{8}$/, { message: 'postalCode must be a CEP with 8 digits' })
  postalCode: string;
}

export class RegionDto {
  @ApiProperty({ example: 'São Paulo' })
  city: string;

  @ApiProperty({ example: 'SP' })
  state: string;

  @ApiProperty({ example: '01310100' })
  postalCode: string;
}

export const DEBT_STATUSES = ['OPEN', 'PAID', 'OVERDUE', 'NEGOTIATED'] as const;

export class DebtDto {
  @ApiProperty({ example: 'Banco Exemplo S.A.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  creditor: string;

  /** Amount owed, two decimals. Accepted as a number or a string; answered as a string. */
  @ApiProperty({ example: '1500.00', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsMoney('positive')
  amount: string | number;

  @ApiProperty({ example: '2026-12-10', format: 'date' })
  @IsDateString({ strict: true }, { message: 'dueDate must be a date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date (YYYY-MM-DD)' })
  dueDate: string;

  @ApiProperty({ enum: DEBT_STATUSES, example: 'OPEN' })
  @IsIn(DEBT_STATUSES)
  status: (typeof DEBT_STATUSES)[number];
}

export const ASSET_TYPES = ['REAL_ESTATE', 'VEHICLE', 'INVESTMENT', 'OTHER'] as const;

export class AssetDto {
  @ApiProperty({ enum: ASSET_TYPES, example: 'REAL_ESTATE' })
  @IsIn(ASSET_TYPES)
  type: (typeof ASSET_TYPES)[number];

  @ApiProperty({ example: 'Apartamento em Campinas' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  description: string;

  @ApiProperty({ example: '350000.00', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsMoney('nonNegative')
  value: string | number;
}

export class IncomeSourceDto {
  @ApiProperty({ example: 'Salário - Empresa X' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  source: string;

  @ApiProperty({ example: '8500.00', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsMoney('nonNegative')
  monthlyAmount: string | number;
}

class TierBInput {
  @ApiPropertyOptional({ example: '1988-04-12', format: 'date' })
  @IsOmittable()
  @IsDateString({ strict: true }, { message: 'birthDate must be a date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be a date (YYYY-MM-DD)' })
  birthDate?: string;

  @ApiPropertyOptional({ type: [AssetDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AssetDto)
  assets?: AssetDto[];

  @ApiPropertyOptional({ type: [IncomeSourceDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IncomeSourceDto)
  incomeSources?: IncomeSourceDto[];
}

export class CreateCustomerDto extends TierBInput {
  /** With or without punctuation; check digits verified. Stored encrypted. */
  @ApiProperty({ example: '390.533.447-05' })
  @IsCpf()
  cpf: string;

  @ApiProperty({ example: 'Carla Mendes' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** Full address, stored encrypted (tier A); its city, state and CEP also form the tier-B region. */
  @ApiProperty({ type: AddressDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;

  @ApiPropertyOptional({ type: [DebtDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => DebtDto)
  debts?: DebtDto[];
}

/** Any field of CreateCustomerDto; lists (debts, assets, income sources) are replaced whole. */
export class UpdateCustomerDto extends PartialType(CreateCustomerDto, { skipNullProperties: false }) {}

export class AssetViewDto {
  @ApiProperty({ enum: ASSET_TYPES, example: 'REAL_ESTATE' })
  type: string;

  @ApiProperty({ example: 'Apartamento em Campinas' })
  description: string;

  @ApiProperty({ example: '350000.00' })
  value: string;
}

export class IncomeSourceViewDto {
  @ApiProperty({ example: 'Salário - Empresa X' })
  source: string;

  @ApiProperty({ example: '8500.00' })
  monthlyAmount: string;
}

export class DebtViewDto {
  @ApiProperty({ example: 'Banco Exemplo S.A.' })
  creditor: string;

  @ApiProperty({ example: '1500.00' })
  amount: string;

  @ApiProperty({ example: '2026-12-10' })
  dueDate: string;

  @ApiProperty({ enum: DEBT_STATUSES, example: 'OPEN' })
  status: string;
}

/** Tier B: what credit-score models use. */
export class ScoreDataDto {
  @ApiProperty({ example: '4b0c7a1e-2f7d-4e55-9d1a-8c3f0e6b2a10' })
  customerId: string;

  @ApiProperty({ example: '1988-04-12', nullable: true, type: String })
  birthDate: string | null;

  /** Whole years today. */
  @ApiProperty({ example: 38, nullable: true, type: Number })
  age: number | null;

  /** Null while the customer's address is unknown (first seen through a purchase). */
  @ApiProperty({ type: RegionDto, nullable: true })
  address: RegionDto | null;

  @ApiProperty({ type: [AssetViewDto] })
  assets: AssetViewDto[];

  @ApiProperty({ type: [IncomeSourceViewDto] })
  incomeSources: IncomeSourceViewDto[];
}

export class CustomerDto {
  @ApiProperty({ example: '4b0c7a1e-2f7d-4e55-9d1a-8c3f0e6b2a10' })
  id: string;

  /** Tier A, only with `customers:read-sensitive` (absent otherwise). */
  @ApiPropertyOptional({ example: '529.982.247-25' })
  cpf?: string;

  /** Tier A, only with `customers:read-sensitive`. */
  @ApiPropertyOptional({ example: 'José da Silva' })
  name?: string;

  /** Tier A, only with `customers:read-sensitive`; null while unknown. */
  @ApiPropertyOptional({ type: AddressDto, nullable: true })
  address?: AddressDto | null;

  /** Tier A, only with `customers:read-sensitive`. */
  @ApiPropertyOptional({ type: [DebtViewDto] })
  debts?: DebtViewDto[];

  /** Tier B. */
  @ApiProperty({ type: ScoreDataDto })
  scoreData: ScoreDataDto;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  updatedAt: string;
}

export class CustomerQueryDto extends PageQueryDto {
  /** Exact lookup by CPF (through the blind index). Each lookup is recorded as a BUREAU_QUERY event. */
  @ApiPropertyOptional({ example: '52998224725' })
  @IsOptional()
  @IsCpf()
  cpf?: string;

  /**
   * Customers with a name word starting with each word given (at least 3 letters or digits each;
   * accents, case and punctuation ignored), e.g. `mar` or `maria sil`. Needs customers:read-sensitive:
   * the answer shows tier A, and each customer found is recorded as a BUREAU_QUERY event.
   */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(100)
  name?: string;

  @SortParam(CUSTOMER_SORT_FIELDS, { order: 'oldest first (createdAt)' })
  sort?: string;
}

export class CustomerPageDto extends PageDto(CustomerDto) {}
