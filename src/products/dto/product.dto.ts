import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, MinLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { PageDto, PageQueryDto } from '../../platform/http/pagination';
import { IsMoney, IsOmittable } from '../../platform/http/validators';
import { percentToBps } from '../rates';
import { SortParam } from '../../platform/http/sorting';
import { PRODUCT_SORT_FIELDS } from '../products.repository';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const TYPE_CODE = /^[A-Za-z0-9_-]{1,20}$/;

@ValidatorConstraint({ name: 'isPercent' })
class IsPercent implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return percentToBps(value) !== undefined;
  }

  defaultMessage(): string {
    return 'rate must be a percentage from 0 to 100 with at most two decimals (e.g. 5 or "12.5")';
  }
}

export class ProductTypeDto {
  @ApiProperty({ example: 'A' })
  code: string;

  @ApiProperty({ example: 'Mercearia' })
  description: string;

  /** Cashback rate in percent, two decimals. */
  @ApiProperty({ example: '5.00' })
  rate: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  updatedAt: string;
}

export class CreateProductTypeDto {
  /** The code ERPs send in purchases. */
  @ApiProperty({ example: 'D' })
  @Matches(TYPE_CODE, { message: 'code must be 1 to 20 letters, digits, _ or -' })
  code: string;

  @ApiProperty({ example: 'Eletrônicos' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  description: string;

  /** Percent, 0 to 100, at most two decimals. */
  @ApiProperty({ example: '7.5', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @Validate(IsPercent)
  rate: string | number;
}

export class UpdateProductTypeDto {
  @ApiPropertyOptional({ example: 'Eletrônicos e informática' })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  description?: string;

  /** New rate; applies to purchases accepted from now on. */
  @ApiPropertyOptional({ example: '8', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsOmittable()
  @Validate(IsPercent)
  rate?: string | number;
}

export class ProductDto {
  @ApiProperty({ example: '8f3a2c1e-0000-4000-8000-000000000002' })
  id: string;

  @ApiProperty({ example: 'SKU-0001' })
  sku: string;

  @ApiProperty({ example: 'Arroz 5 kg' })
  name: string;

  /** Product type code. */
  @ApiProperty({ example: 'A' })
  type: string;

  @ApiProperty({ example: '25.90' })
  price: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  updatedAt: string;
}

export class CreateProductDto {
  @ApiProperty({ example: 'SKU-0001' })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'sku must be 1 to 64 letters, digits, ., _ or -' })
  sku: string;

  @ApiProperty({ example: 'Arroz 5 kg' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'A' })
  @Matches(TYPE_CODE, { message: 'type must be a product type code' })
  type: string;

  @ApiProperty({ example: '25.90', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsMoney('nonNegative')
  price: string | number;
}

export class UpdateProductDto extends PartialType(CreateProductDto, { skipNullProperties: false }) {}

export class ProductQueryDto extends PageQueryDto {
  /** Only products of this type. */
  @ApiPropertyOptional({ example: 'A' })
  @IsOptional()
  @Type(() => String)
  @Matches(TYPE_CODE)
  type?: string;

  @SortParam(PRODUCT_SORT_FIELDS, { order: 'by SKU, ascending' })
  sort?: string;
}

export class ProductPageDto extends PageDto(ProductDto) {}
