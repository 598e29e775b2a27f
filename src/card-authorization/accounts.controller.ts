import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Claim } from '../platform/auth/claims';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { RequestValidationError } from '../platform/http/validation';
import { parseMoney } from '../platform/money';
import { AccountsService } from './accounts.service';
import { AccountDto, CreateAccountDto, CreditDto, LedgerPageDto, LedgerQueryDto } from './dto/account.dto';
import { toAccountDto, toLedgerEntryDto } from './mappers';

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function accountId(id: string): string {
  if (!ACCOUNT_ID.test(id)) throw new RequestValidationError([{ name: 'id', reasons: ['id must be 1 to 64 letters, digits, _ or -'] }]);
  return id;
}

@ApiTags('card accounts')
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @RequireClaims(Claim.CardsManage)
  @ApiOperation({ summary: 'Open a benefits-card account', description: 'With its FOOD, MEAL and CASH balances (recorded in the ledger as credits), optionally linked to a customer.' })
  @Created(AccountDto, 'accounts/{id}')
  @ApiProblems(400, 409)
  async create(@Body() body: CreateAccountDto): Promise<AccountDto> {
    const balances = { FOOD: parseMoney(body.balances.FOOD)!, MEAL: parseMoney(body.balances.MEAL)!, CASH: parseMoney(body.balances.CASH)! };
    return toAccountDto(await this.accounts.create({ id: body.id, customerId: body.customerId, balances }));
  }

  @Get(':id')
  @RequireClaims(Claim.CardsManage)
  @ApiOperation({ summary: 'Get an account with its balances', description: 'The FOOD, MEAL and CASH balances as they are now, and the customer holding the card.' })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'The account id the card network sends; the example is the demo account', example: '123' })
  async get(@Param('id') id: string): Promise<AccountDto> {
    return toAccountDto(await this.accounts.get(accountId(id)));
  }

  @Post(':id/credits')
  @HttpCode(200)
  @RequireClaims(Claim.CardsManage)
  @ApiOperation({ summary: 'Credit a balance (benefit top-up)', description: 'Recorded in the ledger and the audit trail.' })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'The account id the card network sends; the example is the demo account', example: '123' })
  async credit(@Param('id') id: string, @Body() body: CreditDto): Promise<AccountDto> {
    return toAccountDto(await this.accounts.credit(accountId(id), body.category, parseMoney(body.amount)!));
  }

  @Get(':id/transactions')
  @RequireClaims(Claim.CardsManage)
  @ApiOperation({ summary: "The account's ledger", description: 'Every authorization attempt (approved or refused) and credit, newest first (oldest first with `sort=createdAt`), within `from` and `to`, with cursor pagination.' })
  @ApiOkResponse({ type: LedgerPageDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'The account id the card network sends; the example is the demo account', example: '123' })
  async ledger(@Param('id') id: string, @Query() query: LedgerQueryDto): Promise<LedgerPageDto> {
    const page = await this.accounts.ledger(accountId(id), { limit: query.limit, from: query.from, to: query.to, cursor: query.cursor, sort: query.sort });
    return { items: page.items.map(toLedgerEntryDto), nextCursor: page.nextCursor };
  }
}
