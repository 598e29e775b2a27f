import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOmittable } from '../../platform/http/validators';

import { IsIdentityText, normalizeIdentityText } from '../../platform/http/identity-text';

export class RoleDto {
  @ApiProperty({ example: 2 })
  id: number;

  @ApiProperty({ example: 'operator' })
  description: string;

  /** Claims every user of the role holds (active or not). */
  @ApiProperty({ example: ['customers:read', 'users:read'], type: [String] })
  claims: string[];

  @ApiProperty({ example: 3 })
  userCount: number;
}

export class CreateRoleDto {
  @ApiProperty({ example: 'auditor', minLength: 1, maxLength: 100 })
  @Transform(normalizeIdentityText)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsIdentityText('name')
  description: string;

  /** Ids of the claims the role grants (GET /api/v1/claims). */
  @ApiPropertyOptional({ example: [7], type: [Number] })
  @IsOmittable()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(Number.MAX_SAFE_INTEGER, { each: true })
  claimIds?: number[];
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ example: 'senior-auditor' })
  @IsOmittable()
  @Transform(normalizeIdentityText)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsIdentityText('name')
  description?: string;
}
