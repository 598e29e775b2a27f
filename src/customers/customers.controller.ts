import { Readable } from 'node:stream';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MissingClaimsError } from '../platform/auth/auth.errors';
import { Claim } from '../platform/auth/claims';
import { CurrentPrincipal } from '../platform/auth/current-principal.decorator';
import { Principal } from '../platform/auth/principal';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { Clock } from '../platform/clock';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { ParseUuidPipe } from '../platform/http/id.pipe';
import { pageOf } from '../platform/http/pagination';
import { parseSort } from '../platform/http/sorting';
import { RequestValidationError } from '../platform/http/validation';
import { parseMoney } from '../platform/money';
import { CustomerChanges, CustomersService, NewCustomer } from './customers.service';
import { CreateCustomerDto, CustomerDto, CustomerPageDto, CustomerQueryDto, ScoreDataDto, UpdateCustomerDto } from './dto/customer.dto';
import { toCustomerDto, toScoreDataDto } from './mappers';
import { Asset, Debt, IncomeSource } from './model';
import { DEMO_CUSTOMER_ID } from './customers.seeder';

const cents = (value: string | number) => parseMoney(value)!;

function domainInput(body: CreateCustomerDto | UpdateCustomerDto): CustomerChanges {
  return {
    cpf: body.cpf,
    name: body.name,
    address: body.address,
    debts: body.debts?.map((debt): Debt => ({ creditor: debt.creditor, amountCents: cents(debt.amount), dueDate: debt.dueDate, status: debt.status })),
    birthDate: body.birthDate,
    assets: body.assets?.map((asset): Asset => ({ type: asset.type, description: asset.description, valueCents: cents(asset.value) })),
    incomeSources: body.incomeSources?.map((income): IncomeSource => ({ source: income.source, monthlyAmountCents: cents(income.monthlyAmount) })),
  };
}

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @RequireClaims(Claim.CustomersWrite)
  @ApiOperation({ summary: 'Register a customer', description: 'Tier A (CPF, name, address, debts) is encrypted at rest; tier B (birth date, assets, income) feeds credit scoring.' })
  @Created(CustomerDto, 'customers/{id}')
  @ApiProblems(400, 409)
  async create(@Body() body: CreateCustomerDto, @CurrentPrincipal() reader: Principal): Promise<CustomerDto> {
    const input = domainInput(body);
    const view = await this.customers.create(
      { ...input, debts: input.debts ?? [], birthDate: body.birthDate ?? null, assets: input.assets ?? [], incomeSources: input.incomeSources ?? [] } as NewCustomer,
      reader,
    );
    return toCustomerDto(view, this.clock.now());
  }

  @Get()
  @RequireClaims(Claim.CustomersRead)
  @ApiOperation({
    summary: 'Find customers',
    description:
      'With `cpf`: exact lookup through the blind index, recorded as a BUREAU_QUERY event naming the caller; tier A included for customers:read-sensitive. With `name` (customers:read-sensitive): a page of the customers with a name word starting with each word given, through the blind prefix index, tier A included; each one found is a BUREAU_QUERY event. Without either: a page of customers, tier B only.',
  })
  @ApiOkResponse({ type: CustomerPageDto })
  @ApiProblems(400, { error: new MissingClaimsError([Claim.CustomersReadSensitive]), description: 'The caller lacks a required claim; searching by `name` also needs customers:read-sensitive' })
  async find(@Query() query: CustomerQueryDto, @CurrentPrincipal() reader: Principal): Promise<CustomerPageDto> {
    const today = this.clock.now();
    if (query.cpf !== undefined && query.name !== undefined) throw new RequestValidationError([{ name: 'name', reasons: ['name cannot be combined with cpf: a CPF finds one customer'] }]);
    if (query.name !== undefined) {
      const { items, total } = await this.customers.searchByName(query.name, query.skip, query.pageSize, parseSort(query.sort), reader);
      return pageOf(items.map((view) => toCustomerDto(view, today)), total, query);
    }
    if (query.cpf !== undefined) {
      const found = await this.customers.findByCpf(query.cpf, reader);
      return pageOf(found ? [toCustomerDto(found, today)] : [], found ? 1 : 0, query);
    }
    const { items, total } = await this.customers.list(query.skip, query.pageSize, parseSort(query.sort));
    return pageOf(items.map((row) => toCustomerDto(this.customers.tierBView(row), today)), total, query);
  }

  @Get('score-data/export')
  @RequireClaims(Claim.CustomersRead)
  @ApiOperation({
    summary: 'Export score data (NDJSON)',
    description: 'Tier B of every customer for model training, one JSON object per line, under a pseudonymous id: no CPF, name, street or birth date. Streams in constant memory.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'One line per customer', content: { 'application/x-ndjson': { schema: { type: 'string', example: '{"pseudonymousId":"…","age":36,"region":{"city":"Campinas","state":"SP","postalCodePrefix":"13010"},"assets":[],"incomeSources":[],"totalAssets":"0.00","totalMonthlyIncome":"0.00"}\n' } } } })
  async export(): Promise<StreamableFile> {
    return new StreamableFile(Readable.from(await this.customers.exportScoreData()), {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: 'attachment; filename="score-data.ndjson"',
    });
  }

  @Get(':id')
  @RequireClaims(Claim.CustomersRead)
  @ApiOperation({ summary: 'Get a customer', description: 'Tier A fields are present only for callers holding customers:read-sensitive (each such read is audited); absent otherwise.' })
  @ApiOkResponse({ type: CustomerDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'Customer id (UUID); the example is a demo customer', example: DEMO_CUSTOMER_ID })
  async get(@Param('id', ParseUuidPipe) id: string, @CurrentPrincipal() reader: Principal): Promise<CustomerDto> {
    return toCustomerDto(await this.customers.get(id, reader), this.clock.now());
  }

  @Get(':id/score-data')
  @RequireClaims(Claim.CustomersRead)
  @ApiOperation({ summary: "A customer's score data (tier B)", description: 'Age, region, assets and income: what credit-score models read, without tier-A data.' })
  @ApiOkResponse({ type: ScoreDataDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'Customer id (UUID); the example is a demo customer', example: DEMO_CUSTOMER_ID })
  async scoreData(@Param('id', ParseUuidPipe) id: string): Promise<ScoreDataDto> {
    return toScoreDataDto(id, await this.customers.scoreData(id), this.clock.now());
  }

  @Patch(':id')
  @RequireClaims(Claim.CustomersWrite)
  @ApiOperation({ summary: 'Update a customer', description: 'Any field of tiers A and B; lists (debts, assets, income sources) are replaced whole.' })
  @ApiBody({
    type: UpdateCustomerDto,
    examples: {
      moved: { summary: 'A new address', value: { address: { street: 'Rua Augusta', number: '1500', district: 'Consolação', city: 'São Paulo', state: 'SP', postalCode: '01304-001' } } },
      income: { summary: 'Income replaced whole', value: { incomeSources: [{ source: 'Salário', monthlyAmount: '7200.00' }] } },
    },
  })
  @ApiOkResponse({ type: CustomerDto })
  @ApiProblems(400, 404, 409)
  @ApiParam({ name: 'id', description: 'Customer id (UUID); the example is a demo customer', example: DEMO_CUSTOMER_ID })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateCustomerDto, @CurrentPrincipal() reader: Principal): Promise<CustomerDto> {
    return toCustomerDto(await this.customers.update(id, domainInput(body), reader), this.clock.now());
  }

  @Delete(':id')
  @RequireClaims(Claim.CustomersWrite)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a customer', description: 'Removes tiers A and B at once. Tier-C events are kept for CUSTOMER_EVENTS_RETENTION_DAYS, then purged.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 404)
  async delete(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.customers.delete(id);
  }
}
