import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The card network's request; both spellings of the original contract are accepted. */
export class TransactionRequestDto {
  /** Transaction id: the same id again answers the first answer and never debits twice. */
  @ApiPropertyOptional({ example: '6a0c2f8e-tx-0001' })
  id?: string;

  @ApiPropertyOptional({ example: '123', description: 'Account id (or `accountId`)' })
  account?: string;

  @ApiPropertyOptional({ example: '123', description: 'Alternative spelling of `account`' })
  accountId?: string;

  @ApiPropertyOptional({ example: 100.0, description: 'Amount, at most two decimals (or `amount`)' })
  totalAmount?: number;

  @ApiPropertyOptional({ example: 100.0, description: 'Alternative spelling of `totalAmount`' })
  amount?: number;

  @ApiPropertyOptional({ example: '5811' })
  mcc?: string;

  @ApiPropertyOptional({ example: 'PADARIA DO ZE               SAO PAULO BR' })
  merchant?: string;
}

export class AuthorizationAnswerDto {
  /** 00 approved, 51 insufficient balance, 07 any other problem. */
  @ApiProperty({ enum: ['00', '51', '07'], example: '00' })
  code: string;
}
