import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Claim } from '../platform/auth/claims';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { ParseUuidPipe } from '../platform/http/id.pipe';
import { CreateMerchantDto, MerchantDto, MerchantQueryDto, UpdateMerchantDto } from './dto/merchant.dto';
import { parseSort } from '../platform/http/sorting';
import { toMerchantDto } from './mappers';
import { MerchantsService } from './merchants.service';

@ApiTags('card merchants')
@Controller('merchants')
export class MerchantsController {
  constructor(private readonly merchants: MerchantsService) {}

  @Get()
  @RequireClaims(Claim.CardsManage)
  @ApiOperation({ summary: 'List merchants', description: 'Merchants whose name decides the balance, whatever the MCC; by name unless `sort` says otherwise (`category`, `createdAt`, each `-` for descending).' })
  @ApiProblems(400)
  @ApiOkResponse({ type: [MerchantDto] })
  async list(@Query() query: MerchantQueryDto): Promise<MerchantDto[]> {
    return (await this.merchants.list(parseSort(query.sort))).map(toMerchantDto);
  }

  @Get(':id')
  @RequireClaims(Claim.CardsManage)
  @ApiOperation({ summary: 'Get a merchant', description: 'The merchant with the balance its name decides.' })
  @ApiOkResponse({ type: MerchantDto })
  @ApiProblems(400, 404)
  async get(@Param('id', ParseUuidPipe) id: string): Promise<MerchantDto> {
    return toMerchantDto(await this.merchants.get(id));
  }

  @Post()
  @RequireClaims(Claim.CardsManage)
  @ApiOperation({ summary: 'Register a merchant', description: 'With a category, or an MCC from which the category comes. Matching ignores case and runs of spaces.' })
  @Created(MerchantDto, 'merchants/{id}')
  @ApiProblems(400, 409)
  async create(@Body() body: CreateMerchantDto): Promise<MerchantDto> {
    return toMerchantDto(await this.merchants.create(body));
  }

  @Patch(':id')
  @RequireClaims(Claim.CardsManage)
  @ApiOperation({ summary: 'Update a merchant', description: 'Its name, category or MCC; authorizations use the change at once on this instance, within 30 s on the others.' })
  @ApiOkResponse({ type: MerchantDto })
  @ApiProblems(400, 404, 409)
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateMerchantDto): Promise<MerchantDto> {
    return toMerchantDto(await this.merchants.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireClaims(Claim.CardsManage)
  @ApiOperation({ summary: 'Delete a merchant', description: 'Its transactions go back to being decided by their MCC.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 404)
  async delete(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.merchants.delete(id);
  }
}
