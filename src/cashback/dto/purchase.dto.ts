import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsCpf } from '../../customers/dto/cpf.validator';
import { IsMoney } from '../../platform/http/validators';
import { PageDto, PageQueryDto } from '../../platform/http/pagination';
import { PeriodQueryDto } from '../../platform/http/time-window';
import { SortParam } from '../../platform/http/sorting';
import { PURCHASE_SORT_FIELDS } from '../purchases.repository';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PurchaseCustomerDto {
  /** The customer's CPF, with or without punctuation. */
  @ApiProperty({ example: '529.982.247-25' })
  @IsCpf({ message: 'document must be a valid CPF (11 digits, check digits verified)' })
  document: string;

  @ApiProperty({ example: 'JOSE DA SILVA' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

export class PurchaseItemDto {
  /** A product type code (GET /api/v1/product-types). */
  @ApiProperty({ example: 'A' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,20}$/, { message: 'type must be a product type code' })
  type: string;

  /** Unit price. */
  @ApiProperty({ example: '10.00', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsMoney('nonNegative')
  value: string | number;

  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt({ message: 'qty must be a whole number' })
  @Min(1, { message: 'qty must be at least 1' })
  @Max(1_000_000)
  qty: number;
}

/** The ERP's purchase, as in the original contract. */
export class CreatePurchaseDto {
  /** `YYYY-MM-DD HH:mm:ss` (Brazilian local time) or ISO 8601; not in the future. */
  @ApiProperty({ example: '2026-01-02 00:00:00' })
  @IsString()
  sold_at: string;

  @ApiProperty({ type: PurchaseCustomerDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PurchaseCustomerDto)
  customer: PurchaseCustomerDto;

  /** Must equal the sum of value × qty, to the cent. */
  @ApiProperty({ example: '10.00', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsMoney('positive')
  total: string | number;

  @ApiProperty({ type: [PurchaseItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'products must list at least one product' })
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PurchaseItemDto)
  products: PurchaseItemDto[];
}

export class PurchaseItemViewDto {
  @ApiProperty({ example: 'A' })
  type: string;

  @ApiProperty({ example: '10.00' })
  value: string;

  @ApiProperty({ example: 1 })
  qty: number;

  /** The rate used, in percent. */
  @ApiProperty({ example: '5.00' })
  rate: string;

  @ApiProperty({ example: '0.50' })
  cashback: string;
}

export class DeliveryAttemptDto {
  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  attemptedAt: string;

  @ApiProperty({ example: 201, nullable: true, type: Number })
  httpStatus: number | null;

  @ApiProperty({ example: '{"id":"1"}', nullable: true, type: String })
  responseBody: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  error: string | null;

  @ApiProperty({ example: 120 })
  latencyMs: number;
}

export class PurchaseDto {
  @ApiProperty({ example: '0f6f0e3c-0000-4000-8000-000000000001' })
  id: string;

  /**
   * The buyer's CPF: digits only for callers holding customers:read-sensitive (each read audited),
   * masked as `***.***.247-25` for everyone else; null once the customer was deleted and the CPF erased.
   */
  @ApiProperty({ example: '***.***.247-25', type: String, nullable: true })
  document: string | null;

  /** Cashback of the purchase: the sum of its items'. */
  @ApiProperty({ example: '14.00' })
  cashback: string;

  /** PENDING until the cashback API accepted it (DELIVERED), FAILED after the last retry. */
  @ApiProperty({ enum: ['PENDING', 'DELIVERED', 'FAILED'], example: 'PENDING' })
  status: string;

  @ApiProperty({ example: '100.00' })
  total: string;

  @ApiProperty({ example: '2026-01-02T03:00:00.000Z' })
  soldAt: string;

  @ApiProperty({ example: '4b0c7a1e-2f7d-4e55-9d1a-8c3f0e6b2a10', nullable: true, type: String })
  customerId: string | null;

  @ApiProperty({ type: [PurchaseItemViewDto] })
  items: PurchaseItemViewDto[];

  @ApiProperty({ example: 0 })
  attempts: number;

  @ApiProperty({ example: null, nullable: true, type: String })
  deliveredAt: string | null;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  createdAt: string;
}

export class PurchaseDetailDto extends PurchaseDto {
  @ApiProperty({ type: [DeliveryAttemptDto] })
  deliveries: DeliveryAttemptDto[];
}

export class PurchaseQueryDto extends IntersectionType(PageQueryDto, PeriodQueryDto) {
  @ApiPropertyOptional({ enum: ['PENDING', 'DELIVERED', 'FAILED'] })
  @IsOptional()
  @IsIn(['PENDING', 'DELIVERED', 'FAILED'])
  status?: 'PENDING' | 'DELIVERED' | 'FAILED';

  /** CPF of the customer, e.g. 52998224725; needs customers:read-sensitive. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsCpf({ message: 'document must be a valid CPF (11 digits, check digits verified)' })
  document?: string;

  @SortParam(PURCHASE_SORT_FIELDS, { order: 'newest first (-createdAt)' })
  sort?: string;
}

export class PurchasePageDto extends PageDto(PurchaseDto) {}

export class ReconciliationQueryDto extends PeriodQueryDto {}

export class ReconciliationLineDto {
  @ApiProperty({ enum: ['PENDING', 'DELIVERED', 'FAILED'], example: 'DELIVERED' })
  status: string;

  @ApiProperty({ example: 120 })
  purchases: number;

  @ApiProperty({ example: '12000.00' })
  total: string;

  @ApiProperty({ example: '1200.00' })
  cashback: string;
}

export class ReconciliationDto {
  @ApiProperty({ example: '2026-11-01T00:00:00.000Z', nullable: true, type: String })
  from: string | null;

  @ApiProperty({ example: '2026-12-01T00:00:00.000Z', nullable: true, type: String })
  to: string | null;

  @ApiProperty({ type: [ReconciliationLineDto] })
  byStatus: ReconciliationLineDto[];

  /** Delivery calls made for these purchases (retries included). */
  @ApiProperty({ example: 130 })
  attempts: number;
}
