import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../platform/auth/current-principal.decorator';
import { ClientAddress, LoginRateLimited } from '../platform/auth/login-rate-limit';
import { Principal } from '../platform/auth/principal';
import { Public } from '../platform/auth/public.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { AuthService } from './auth.service';
import { InvalidCredentialsError, InvalidRefreshTokenError, TooManyLoginAttemptsError } from './errors';
import { LoginDto, LogoutDto, MeDto, RefreshDto, TokenPairDto } from './dto/auth.dto';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @LoginRateLimited()
  @HttpCode(200)
  // Tokens must not be kept by browsers or proxies.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Log in',
    description:
      'Exchanges e-mail and password for an access token and a refresh token. Limited per IP; after repeated failures for one e-mail from one address, that pair waits longer and longer (429 TOO_MANY_LOGIN_ATTEMPTS with Retry-After). An unknown e-mail and a wrong password get the same answer.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(
    400,
    { error: new InvalidCredentialsError(), description: 'Unknown e-mail, wrong password or disabled user (one answer for all)' },
    {
      error: new TooManyLoginAttemptsError(30),
      description: 'This e-mail failed too often from this address, or this address sent too many logins; retry after the Retry-After header',
    },
  )
  login(@Body() body: LoginDto, @ClientAddress() address: string): Promise<TokenPairDto> {
    return this.auth.login(body.email, body.password, address);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Refresh the tokens',
    description: 'Exchanges a refresh token for a new pair. Each refresh token works once: presenting a used one revokes every token of its family.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, { error: new InvalidRefreshTokenError(), description: 'The refresh token is unknown, used, expired or revoked' })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out', description: 'Revokes the given refresh token (its whole family), or every session of the caller when none is given.' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(400)
  async logout(@CurrentPrincipal() principal: Principal, @Body() body: LogoutDto): Promise<void> {
    await this.auth.logout(principal, body.refreshToken);
  }

  @Get('me')
  @ApiOperation({ summary: 'The caller', description: 'The authenticated user with role and active claims.' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    const user = await this.users.get(principal.userId);
    return { id: Number(user.id), name: user.name, email: user.email, role: { id: user.role.id, description: user.role.description }, claims: [...principal.claims].sort() };
  }
}
