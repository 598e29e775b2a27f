import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Claim } from '../platform/auth/claims';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { ParseIdPipe } from '../platform/http/id.pipe';
import { ClaimsService } from './claims.service';
import { ClaimDto, CreateClaimDto, UpdateClaimDto } from './dto/claim.dto';
import { toClaimDto } from './mappers';

@ApiTags('claims')
@Controller('claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Get()
  @RequireClaims(Claim.ClaimsRead)
  @ApiOperation({ summary: 'List claims', description: 'The whole catalog, built-in and custom, active or not.' })
  @ApiOkResponse({ type: [ClaimDto] })
  async list(): Promise<ClaimDto[]> {
    return (await this.claims.list()).map(toClaimDto);
  }

  @Get(':id')
  @RequireClaims(Claim.ClaimsRead)
  @ApiOperation({ summary: 'Get a claim', description: 'A claim of the catalog by id.' })
  @ApiOkResponse({ type: ClaimDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'Claim id', example: 1 })
  async get(@Param('id', ParseIdPipe) id: bigint): Promise<ClaimDto> {
    return toClaimDto(await this.claims.get(id));
  }

  @Post()
  @RequireClaims(Claim.ClaimsWrite)
  @ApiOperation({ summary: 'Create a claim', description: 'A custom claim, to grant to roles and users; 409 when the name is taken.' })
  @Created(ClaimDto, 'claims/{id}')
  @ApiProblems(400, 409)
  async create(@Body() body: CreateClaimDto): Promise<ClaimDto> {
    return toClaimDto(await this.claims.create(body.description, body.active));
  }

  @Patch(':id')
  @RequireClaims(Claim.ClaimsWrite)
  @ApiOperation({ summary: 'Update a claim', description: 'Deactivating a claim withdraws it from everyone. Built-in claims cannot be renamed or deactivated (409 BUILT_IN_CLAIM).' })
  @ApiOkResponse({ type: ClaimDto })
  @ApiProblems(400, 404, 409)
  async update(@Param('id', ParseIdPipe) id: bigint, @Body() body: UpdateClaimDto): Promise<ClaimDto> {
    return toClaimDto(await this.claims.update(id, body));
  }
}
