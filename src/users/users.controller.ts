import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Claim } from '../platform/auth/claims';
import { CurrentPrincipal } from '../platform/auth/current-principal.decorator';
import { Principal } from '../platform/auth/principal';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { ParseIdPipe } from '../platform/http/id.pipe';
import { pageOf } from '../platform/http/pagination';
import { parseSort } from '../platform/http/sorting';
import { RoleRefDto } from './dto/user.dto';
import { CreatedUserDto, CreateUserDto, UpdateUserDto, UserDto, UserPageDto, UserQueryDto } from './dto/user.dto';
import { toUserDto } from './mappers';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequireClaims(Claim.UsersWrite)
  @ApiOperation({
    summary: 'Create a user',
    description: 'Name, e-mail and role are required. Without a password, a strong one is generated and returned once in `generatedPassword`.',
  })
  @Created(CreatedUserDto, 'users/{id}')
  @ApiProblems(400, 403, 409)
  async create(@Body() body: CreateUserDto, @CurrentPrincipal() actor: Principal): Promise<CreatedUserDto> {
    const { user, generatedPassword } = await this.users.create(body, actor);
    return { ...toUserDto(user), ...(generatedPassword ? { generatedPassword } : {}) };
  }

  @Get()
  @RequireClaims(Claim.UsersRead)
  @ApiOperation({ summary: 'List users', description: 'Paginated, in id order unless `sort` says otherwise (`email`, `name`, `createdAt`, each `-` for descending); filter by role, e-mail (contains) and active.' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems(400)
  async list(@Query() query: UserQueryDto): Promise<UserPageDto> {
    const { items, total } = await this.users.list({ roleId: query.roleId, emailContains: query.email, active: query.active }, query.skip, query.pageSize, parseSort(query.sort));
    return pageOf(items.map(toUserDto), total, query);
  }

  @Get(':id')
  @RequireClaims(Claim.UsersRead)
  @ApiOperation({ summary: 'Get a user', description: 'With role, claims in effect and direct claims, read in one query.' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'User id; the example is the demo administrator of a fresh install', example: 1 })
  async get(@Param('id', ParseIdPipe) id: bigint): Promise<UserDto> {
    return toUserDto(await this.users.get(id));
  }

  @Get(':id/role')
  @RequireClaims(Claim.UsersRead)
  @ApiOperation({ summary: "Get a user's role", description: 'The role with the claims it gives; the user\'s own claims are on GET /users/{id}.' })
  @ApiOkResponse({ type: RoleRefDto })
  @ApiProblems(400, 404)
  @ApiParam({ name: 'id', description: 'User id; the example is the demo administrator of a fresh install', example: 1 })
  async role(@Param('id', ParseIdPipe) id: bigint): Promise<RoleRefDto> {
    const user = await this.users.get(id);
    return { id: user.role.id, description: user.role.description };
  }

  @Patch(':id')
  @RequireClaims(Claim.UsersWrite)
  @ApiOperation({ summary: 'Update a user', description: 'Any of name, e-mail, role, password, active. A new password or disabling the user ends every session.' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 403, 404, 409)
  async update(@Param('id', ParseIdPipe) id: bigint, @Body() body: UpdateUserDto, @CurrentPrincipal() actor: Principal): Promise<UserDto> {
    return toUserDto(await this.users.update(id, body, actor));
  }

  @Delete(':id')
  @RequireClaims(Claim.UsersWrite)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user', description: 'Also removes their direct claims and sessions; the audit trail keeps their actions.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 403, 404, 409)
  async delete(@Param('id', ParseIdPipe) id: bigint, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.users.delete(id, actor);
  }

  @Post(':id/sessions/revoke')
  @RequireClaims(Claim.UsersWrite)
  @HttpCode(204)
  @ApiOperation({
    summary: "End a user's sessions",
    description:
      'Every access token issued before now is refused and every refresh token revoked: the user logs in again. Other API processes follow within AUTH_CACHE_TTL_MS. Same rules as other user changes: an administrator, or a caller holding every claim of the user.',
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(400, 403, 404)
  async revokeSessions(@Param('id', ParseIdPipe) id: bigint, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.users.revokeSessions(id, actor);
  }

  @Put(':id/claims/:claimId')
  @RequireClaims(Claim.UsersWrite)
  @HttpCode(204)
  @ApiOperation({ summary: 'Grant a claim to a user', description: 'Idempotent. The claim adds to those of the user role.' })
  @ApiNoContentResponse({ description: 'Granted' })
  @ApiProblems(400, 403, 404)
  async grant(@Param('id', ParseIdPipe) id: bigint, @Param('claimId', ParseIdPipe) claimId: bigint, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.users.grantClaim(id, claimId, actor);
  }

  @Delete(':id/claims/:claimId')
  @RequireClaims(Claim.UsersWrite)
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke a user's direct claim", description: 'Claims that come from the role are managed on the role.' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(400, 403, 404)
  async revoke(@Param('id', ParseIdPipe) id: bigint, @Param('claimId', ParseIdPipe) claimId: bigint, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.users.revokeClaim(id, claimId, actor);
  }
}
