import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Claim } from '../platform/auth/claims';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import './authorization-contract';
import { AuthorizerService } from './authorizer.service';
import { AuthorizationAnswerDto, OriginalTransactionRequestDto, TRANSACTION_EXAMPLES, TransactionWithIdRequestDto } from './dto/transaction.dto';

@ApiTags('card authorization')
@ApiExtraModels(OriginalTransactionRequestDto, TransactionWithIdRequestDto)
@Controller('transactions')
export class TransactionsController {
  constructor(private readonly authorizer: AuthorizerService) {}

  @Post()
  @HttpCode(200)
  // Card processors are authenticated machine clients sending bursts; the global per-IP limit
  // would refuse legitimate traffic.
  @SkipThrottle()
  @RequireClaims(Claim.CardsAuthorize)
  @ApiOperation({
    summary: 'Authorize a card transaction',
    description: [
      'Answers 200 with exactly `{"code": "00"}` (approved), `{"code": "51"}` (insufficient balance) or `{"code": "07"}` (anything else: malformed request, a missing or unknown field, unknown account, bad amount or MCC).',
      'Only authentication failures are not 200 (401, 403). Also served at `POST /transactions`, the original contract.',
      'Body: either spelling of the original contract, `{account, totalAmount, mcc, merchant}` or `{id, accountId, amount, mcc, merchant}`; the account, the amount, `mcc` and `merchant` are required. An MCC shorter than four digits is a numeric code read left-padded with zeros (`411` is `0411`).',
      'Rules: a known merchant picks the balance, else the MCC (5411/5412 FOOD, 5811/5812 MEAL, other CASH); if that balance cannot pay the whole amount, CASH pays it whole if it can. Idempotent by `id`.',
      'The examples are approved on the demo data (account 123).',
    ].join('\n\n'),
  })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(OriginalTransactionRequestDto) }, { $ref: getSchemaPath(TransactionWithIdRequestDto) }] },
    examples: TRANSACTION_EXAMPLES,
  })
  @ApiOkResponse({ type: AuthorizationAnswerDto })
  async authorize(@Body() body: unknown): Promise<AuthorizationAnswerDto> {
    return { code: await this.authorizer.authorize(body) };
  }
}
