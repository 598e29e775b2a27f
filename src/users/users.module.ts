import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuditModule } from '../audit/audit.module';
import { ClaimsGuard } from '../platform/auth/claims.guard';
import { PRINCIPAL_RESOLVER } from '../platform/auth/principal';
import { AppConfig } from '../platform/config/app-config';
import { AccessCatalogRepository } from './access-catalog.repository';
import { AccessCatalogSeeder } from './access-catalog.seeder';
import { AccessService } from './access.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { JwtStrategy } from './auth/jwt.strategy';
import { TokenService } from './auth/token.service';
import { ClaimsController } from './claims.controller';
import { ClaimsRepository } from './claims.repository';
import { ClaimsService } from './claims.service';
import { DemoUsersSeeder } from './demo-users.seeder';
import { LoginAttempts } from './login-attempts';
import { Argon2PasswordHasher, PasswordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RolesController } from './roles.controller';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Users, roles, claims and authentication. Registers the global guards: every route needs a valid
 * token (JwtAuthGuard) unless @Public(), and the claims its @RequireClaims names (ClaimsGuard).
 */
@Module({
  imports: [
    AuditModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.secrets.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: config.auth.issuer, audience: config.auth.audience },
        verifyOptions: { algorithms: ['HS256'], issuer: config.auth.issuer, audience: config.auth.audience },
      }),
    }),
  ],
  controllers: [AuthController, UsersController, RolesController, ClaimsController],
  providers: [
    UsersRepository,
    RolesRepository,
    ClaimsRepository,
    RefreshTokensRepository,
    AccessCatalogRepository,
    UsersService,
    RolesService,
    ClaimsService,
    AuthService,
    LoginAttempts,
    AccessService,
    TokenService,
    JwtStrategy,
    AccessCatalogSeeder,
    DemoUsersSeeder,
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: PRINCIPAL_RESOLVER, useExisting: AccessService },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: ClaimsGuard },
  ],
  exports: [UsersService, TokenService, AccessCatalogSeeder, DemoUsersSeeder],
})
export class UsersModule {}
