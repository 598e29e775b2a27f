import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const MERCHANT = 'PADARIA DO ZE               SAO PAULO BR';

// Both spellings of the original contract share these fields. Bodies are parsed by
// parseAuthorizationRequest, not class-validator: the authorizer is the hot path.
const ID = { description: 'Transaction id: the same id again answers the first answer and never debits twice.', pattern: '^[A-Za-z0-9._:-]{1,100}$', example: '6a0c2f8e-tx-0001' };
const ACCOUNT = { description: 'Account id (a JSON number is read as its digits)', pattern: '^[A-Za-z0-9_-]{1,64}$', example: '123' };
const AMOUNT = { description: 'Amount, positive, at most two decimals (a string such as `"100.00"` is read too)', oneOf: [{ type: 'number' }, { type: 'string' }], example: 100.0 };
const MCC = {
  description: 'Merchant category code, four digits. A shorter numeric code, as a string or a JSON number, is read left-padded with zeros (`"411"` and `411` are `0411`); anything else, or more than four digits, answers 07.',
  oneOf: [
    { type: 'string', pattern: '^[0-9]{1,4}$' },
    { type: 'integer', minimum: 0, maximum: 9999 },
  ],
  example: '5811',
};
const MERCHANT_NAME = { description: 'The merchant name as the network sends it, padded and with its city; not blank.', minLength: 1, maxLength: 200, example: MERCHANT };

/** The original contract: `account` and `totalAmount`. */
export class OriginalTransactionRequestDto {
  @ApiPropertyOptional(ID)
  id?: string;

  @ApiProperty(ACCOUNT)
  account: string;

  @ApiProperty(AMOUNT)
  totalAmount: number | string;

  @ApiProperty(MCC)
  mcc: string | number;

  @ApiProperty(MERCHANT_NAME)
  merchant: string;
}

/** The other spelling of the original contract: `accountId` and `amount`, usually with `id`. */
export class TransactionWithIdRequestDto {
  @ApiPropertyOptional(ID)
  id?: string;

  @ApiProperty(ACCOUNT)
  accountId: string;

  @ApiProperty(AMOUNT)
  amount: number | string;

  @ApiProperty(MCC)
  mcc: string | number;

  @ApiProperty(MERCHANT_NAME)
  merchant: string;
}

/**
 * One example per spelling, on the demo data's account 123 (FOOD 500.00, MEAL 300.00, CASH
 * 100.00): each is approved from MEAL when executed. The id of `withId` is fixed: executed again,
 * it answers its first answer and debits nothing.
 */
export const TRANSACTION_EXAMPLES = {
  original: {
    summary: 'Original contract: account, totalAmount',
    value: { account: '123', totalAmount: 100.0, mcc: '5811', merchant: MERCHANT },
  },
  withId: {
    summary: 'With a transaction id: id, accountId, amount',
    value: { id: '6a0c2f8e-tx-0001', accountId: '123', amount: 100.0, mcc: '5811', merchant: MERCHANT },
  },
};

export class AuthorizationAnswerDto {
  /** 00 approved, 51 insufficient balance, 07 any other problem. */
  @ApiProperty({ enum: ['00', '51', '07'], example: '00' })
  code: string;
}
