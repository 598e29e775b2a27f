import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { IsMoney, IsOmittable } from '../../platform/http/validators';
import { TimeWindowQueryDto } from '../../platform/http/time-window';
import { CATEGORIES } from '../category-resolver';
import { SortParam } from '../../platform/http/sorting';

export class BalancesInputDto {
  @ApiProperty({ example: '500.00', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsMoney('nonNegative')
  FOOD: string | number;

  @ApiProperty({ example: '300.00', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsMoney('nonNegative')
  MEAL: string | number;

  @ApiProperty({ example: '100.00', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsMoney('nonNegative')
  CASH: string | number;
}

export class CreateAccountDto {
  /** The account id the card network will send; generated (UUID) when absent. */
  // Not 123: the demo data holds that account, so the example would answer 409.
  @ApiPropertyOptional({ example: '456' })
  @IsOmittable()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'id must be 1 to 64 letters, digits, _ or -' })
  id?: string;

  /** The customer holding the card; its approved purchases become tier-C CARD_PURCHASE events. */
  // The example is the first demo customer (José da Silva), seeded with this fixed id.
  @ApiPropertyOptional({ example: '4b0c7a1e-2f7d-4e55-9d1a-8c3f0e6b2a10' })
  @IsOmittable()
  @IsUUID()
  customerId?: string;

  @ApiProperty({ type: BalancesInputDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BalancesInputDto)
  balances: BalancesInputDto;
}

export class CreditDto {
  @ApiProperty({ enum: CATEGORIES, example: 'MEAL' })
  @IsIn(CATEGORIES)
  category: 'FOOD' | 'MEAL' | 'CASH';

  @ApiProperty({ example: '250.00', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @IsMoney('positive')
  amount: string | number;
}

export class BalancesDto {
  @ApiProperty({ example: '500.00' })
  FOOD: string;

  @ApiProperty({ example: '300.00' })
  MEAL: string;

  @ApiProperty({ example: '100.00' })
  CASH: string;
}

export class AccountDto {
  @ApiProperty({ example: '123' })
  id: string;

  @ApiProperty({ example: null, nullable: true, type: String })
  customerId: string | null;

  @ApiProperty({ type: BalancesDto })
  balances: BalancesDto;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  createdAt: string;
}

export class LedgerEntryDto {
  @ApiProperty({ example: 'tx-20261125-0001' })
  id: string;

  @ApiProperty({ enum: ['AUTHORIZATION', 'CREDIT'], example: 'AUTHORIZATION' })
  kind: string;

  @ApiProperty({ example: '100.00' })
  amount: string;

  @ApiProperty({ example: '5811', nullable: true, type: String })
  mcc: string | null;

  @ApiProperty({ example: 'PADARIA DO ZE               SAO PAULO BR', nullable: true, type: String })
  merchant: string | null;

  /** The balance the rules chose. */
  @ApiProperty({ enum: CATEGORIES, nullable: true, example: 'MEAL' })
  category: string | null;

  /** The balance moved (CASH after a fallback); null when refused. */
  @ApiProperty({ enum: CATEGORIES, nullable: true, example: 'MEAL' })
  balance: string | null;

  @ApiProperty({ enum: ['00', '51', '07'], nullable: true, example: '00' })
  code: string | null;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  createdAt: string;
}

export class LedgerQueryDto extends TimeWindowQueryDto {
  /** From a previous page's `nextCursor`, with the same `sort`. */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,300}$/, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;

  @SortParam(['createdAt'], { order: 'newest first (-createdAt)', multiple: false })
  sort?: string;
}

export class LedgerPageDto {
  @ApiProperty({ type: [LedgerEntryDto] })
  items: LedgerEntryDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
