import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageDto, PageQueryDto } from '../../platform/http/pagination';
import { MeetsPasswordPolicy } from './password.validator';
import { IsOmittable, MAX_INT4 } from '../../platform/http/validators';

import { IsIdentityText, normalizeEmailText as normalizeEmail, normalizeIdentityText } from '../../platform/http/identity-text';
import { SortParam } from '../../platform/http/sorting';
import { USER_SORT_FIELDS } from '../users.repository';

export class RoleRefDto {
  @ApiProperty({ example: 2 })
  id: number;

  @ApiProperty({ example: 'operator' })
  description: string;
}

export class ClaimRefDto {
  @ApiProperty({ example: 3 })
  id: number;

  @ApiProperty({ example: 'customers:read' })
  description: string;

  /** Inactive claims grant nothing. */
  @ApiProperty({ example: true })
  active: boolean;
}

export class UserDto {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ example: 'Maria Souza' })
  name: string;

  /** Stored and compared in lower case. */
  @ApiProperty({ example: 'maria.souza@example.com' })
  email: string;

  /** A disabled user cannot log in or call the API. */
  @ApiProperty({ example: true })
  active: boolean;

  @ApiProperty({ type: RoleRefDto })
  role: RoleRefDto;

  /** Active claims in effect: the role's plus the user's own. */
  @ApiProperty({ example: ['customers:read', 'users:read'], type: [String] })
  claims: string[];

  /** Claims granted to this user directly (PUT /users/{id}/claims/{claimId}). */
  @ApiProperty({ type: [ClaimRefDto] })
  directClaims: ClaimRefDto[];

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  updatedAt: string;
}

export class CreatedUserDto extends UserDto {
  /** Present only when the request had no password: shown once, never stored in clear nor retrievable. */
  @ApiPropertyOptional({ example: 'q7#Hk2m=Xa9!tPz4Rw8e' })
  generatedPassword?: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'Maria Souza', minLength: 1, maxLength: 200 })
  @Transform(normalizeIdentityText)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsIdentityText('name')
  name: string;

  @ApiProperty({ example: 'maria.souza@example.com', maxLength: 254 })
  @Transform(normalizeEmail)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  @IsIdentityText('email')
  email: string;

  @ApiProperty({ example: 2, description: 'Id of the role (GET /api/v1/roles)' })
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  roleId: number;

  /**
   * Optional: when absent a strong password is generated and returned once as `generatedPassword`.
   * Policy: 12 to 128 characters mixing three of lower case, upper case, digits and symbols, without the e-mail's name or a common password.
   */
  @ApiPropertyOptional({ example: 'correct Horse 42 battery', minLength: 12, maxLength: 128 })
  @IsOmittable()
  @MeetsPasswordPolicy()
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Maria Souza Lima' })
  @IsOmittable()
  @Transform(normalizeIdentityText)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsIdentityText('name')
  name?: string;

  @ApiPropertyOptional({ example: 'maria.lima@example.com' })
  @IsOmittable()
  @Transform(normalizeEmail)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  @IsIdentityText('email')
  email?: string;

  @ApiPropertyOptional({ example: 3 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  roleId?: number;

  /** New password; same policy as at creation. */
  @ApiPropertyOptional({ example: 'another Horse 43 battery' })
  @IsOmittable()
  @MeetsPasswordPolicy()
  password?: string;

  /** false disables the user: no login, no API access (within AUTH_CACHE_TTL_MS), refresh tokens revoked. */
  @ApiPropertyOptional({ example: true })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class UserQueryDto extends PageQueryDto {
  /** Only users of this role. */
  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  roleId?: number;

  /** Only users whose e-mail contains this text (case-insensitive). */
  @ApiPropertyOptional({ example: 'souza' })
  @IsOptional()
  @Transform(normalizeEmail)
  @IsString()
  @MaxLength(254)
  email?: string;

  /** Only active (true) or disabled (false) users. */
  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @SortParam(USER_SORT_FIELDS, { order: 'by id, ascending' })
  sort?: string;
}

export class UserPageDto extends PageDto(UserDto) {}
