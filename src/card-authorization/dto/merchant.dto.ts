import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { CATEGORIES } from '../category-resolver';
import { IsOmittable } from '../../platform/http/validators';
import { SortParam } from '../../platform/http/sorting';
import { MERCHANT_SORT_FIELDS } from '../merchants.repository';

export class MerchantQueryDto {
  @SortParam(MERCHANT_SORT_FIELDS, { order: 'by name' })
  sort?: string;
}

export class CreateMerchantDto {
  /** As the network sends it; stored trimmed, with runs of spaces collapsed, upper case. */
  @ApiProperty({ example: 'RESTAURANTE BOM PRATO       SAO PAULO BR' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** The balance this merchant's transactions use. Give this or `mcc`. */
  @ApiPropertyOptional({ enum: CATEGORIES, example: 'MEAL' })
  @ValidateIf((body: CreateMerchantDto) => body.mcc === undefined || body.category !== undefined)
  @IsIn(CATEGORIES, { message: 'category must be FOOD, MEAL or CASH (or give mcc instead)' })
  category?: 'FOOD' | 'MEAL' | 'CASH';

  /** An MCC whose category the merchant takes (5411/5412 FOOD, 5811/5812 MEAL, other CASH). */
  @ApiPropertyOptional({ example: '5812' })
  @IsOmittable()
  @Matches(/^\d{4}$/, { message: 'mcc must be 4 digits' })
  mcc?: string;
}

export class UpdateMerchantDto {
  @ApiPropertyOptional({ example: 'UBER EATS SAO PAULO BR' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOmittable()
  @IsIn(CATEGORIES)
  category?: 'FOOD' | 'MEAL' | 'CASH';

  @ApiPropertyOptional({ example: '5411' })
  @IsOmittable()
  @Matches(/^\d{4}$/, { message: 'mcc must be 4 digits' })
  mcc?: string;
}

export class MerchantDto {
  @ApiProperty({ example: '8f3a2c1e-0000-4000-8000-000000000001' })
  id: string;

  @ApiProperty({ example: 'UBER EATS SAO PAULO BR' })
  name: string;

  @ApiProperty({ enum: CATEGORIES, example: 'MEAL' })
  category: string;

  @ApiProperty({ example: null, nullable: true, type: String })
  mcc: string | null;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  updatedAt: string;
}
