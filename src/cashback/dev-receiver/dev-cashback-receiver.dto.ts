import { IsString, Matches } from 'class-validator';

/** What the delivery client sends: the customer's CPF (digits) and the cashback as a two-decimal string. */
export class ReceivedDeliveryBodyDto {
  @IsString()
  @Matches(/^\d{11}$/, { message: 'document must be 11 digits' })
  document!: string;

  @IsString()
  @Matches(/^\d{1,15}\.\d{2}$/, { message: 'cashback must be a two-decimal amount such as 14.00' })
  cashback!: string;
}

/** The receiver's answer: what it recorded. */
export class ReceivedDeliveryAnswerDto {
  id!: string;
  cashback!: string;
  receivedAt!: string;
}
