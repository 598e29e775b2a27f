import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { normalizeEmailText } from '../../platform/http/identity-text';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { UserDto } from './user.dto';
import { IsOmittable } from '../../platform/http/validators';

export class LoginDto {
  @ApiProperty({ example: 'admin@demo.local' })
  @Transform(normalizeEmailText)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct Horse 42 battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class TokenPairDto {
  /** JWT to send as `Authorization: Bearer <accessToken>`. */
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  /** Seconds until the access token expires. */
  @ApiProperty({ example: 900 })
  expiresIn: number;

  /** Opaque; exchange it at POST /api/v1/auth/refresh for a new pair. Each one works once. */
  @ApiProperty({ example: 'rt_3kq9...' })
  refreshToken: string;

  /** Seconds until the refresh token expires. */
  @ApiProperty({ example: 2592000 })
  refreshExpiresIn: number;
}

export class RefreshDto {
  @ApiProperty({ example: 'rt_3kq9...' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}

export class LogoutDto {
  /** Revoke this session only; without it every session of the caller is revoked. */
  @ApiPropertyOptional({ example: 'rt_3kq9...' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

/** The caller: the user's identity, role and claims in effect. */
export class MeDto extends PickType(UserDto, ['id', 'name', 'email', 'role', 'claims'] as const) {}
