import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Claim } from '../platform/auth/claims';
import { CurrentPrincipal } from '../platform/auth/current-principal.decorator';
import { Principal } from '../platform/auth/principal';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { ParseIdPipe, ParseSmallIdPipe } from '../platform/http/id.pipe';
import { CreateRoleDto, RoleDto, UpdateRoleDto } from './dto/role.dto';
import { toRoleDto } from './mappers';
import { RolesService } from './roles.service';

@ApiTags('roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @RequireClaims(Claim.RolesRead)
  @ApiOperation({ summary: 'List roles', description: 'With their claims and how many users hold each.' })
  @ApiOkResponse({ type: [RoleDto] })
  async list(): Promise<RoleDto[]> {
    return (await this.roles.list()).map(toRoleDto);
  }

  @Get(':id')
  @RequireClaims(Claim.RolesRead)
  @ApiOperation({ summary: 'Get a role', description: 'With its claims and how many users hold it.' })
  @ApiOkResponse({ type: RoleDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'Role id; the example is the admin role', example: 1 })
  async get(@Param('id', ParseSmallIdPipe) id: number): Promise<RoleDto> {
    return toRoleDto(await this.roles.get(id));
  }

  @Post()
  @RequireClaims(Claim.RolesWrite)
  @ApiOperation({ summary: 'Create a role', description: 'Optionally with the claims its users get.' })
  @Created(RoleDto, 'roles/{id}')
  @ApiProblems(400, 403, 409)
  async create(@Body() body: CreateRoleDto, @CurrentPrincipal() actor: Principal): Promise<RoleDto> {
    return toRoleDto(await this.roles.create(body.description, body.claimIds, actor));
  }

  @Patch(':id')
  @RequireClaims(Claim.RolesWrite)
  @ApiOperation({ summary: 'Rename a role', description: 'The admin role cannot be renamed.' })
  @ApiOkResponse({ type: RoleDto })
  @ApiProblems(400, 404, 409)
  async update(@Param('id', ParseSmallIdPipe) id: number, @Body() body: UpdateRoleDto): Promise<RoleDto> {
    return toRoleDto(await this.roles.update(id, body.description));
  }

  @Delete(':id')
  @RequireClaims(Claim.RolesWrite)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a role', description: '409 ROLE_IN_USE while users hold it; the admin role cannot be deleted.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 404, 409)
  async delete(@Param('id', ParseSmallIdPipe) id: number): Promise<void> {
    await this.roles.delete(id);
  }

  @Put(':id/claims/:claimId')
  @RequireClaims(Claim.RolesWrite)
  @HttpCode(204)
  @ApiOperation({ summary: 'Grant a claim to a role', description: 'Idempotent; every user of the role gets it.' })
  @ApiNoContentResponse({ description: 'Granted' })
  @ApiProblems(400, 403, 404)
  async grant(@Param('id', ParseSmallIdPipe) id: number, @Param('claimId', ParseIdPipe) claimId: bigint, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.roles.grantClaim(id, claimId, actor);
  }

  @Delete(':id/claims/:claimId')
  @RequireClaims(Claim.RolesWrite)
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a claim from a role', description: 'The admin role always holds every claim.' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(400, 403, 404, 409)
  async revoke(@Param('id', ParseSmallIdPipe) id: number, @Param('claimId', ParseIdPipe) claimId: bigint, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.roles.revokeClaim(id, claimId, actor);
  }
}
