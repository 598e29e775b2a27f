import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, Matches, MaxLength } from 'class-validator';
import { ClaimRefDto } from './user.dto';
import { IsOmittable } from '../../platform/http/validators';

export class ClaimDto extends ClaimRefDto {
  /** Claims the product's routes check; they cannot be renamed. */
  @ApiProperty({ example: true })
  builtIn: boolean;
}

const CLAIM_NAME = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;

export class CreateClaimDto {
  /** `<area>:<permission>`, lower case. */
  @ApiProperty({ example: 'reports:read', maxLength: 100 })
  @Matches(CLAIM_NAME, { message: 'description must look like area:permission (lower case letters, digits and dashes)' })
  @MaxLength(100)
  description: string;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class UpdateClaimDto {
  @ApiPropertyOptional({ example: 'reports:export' })
  @IsOmittable()
  @Matches(CLAIM_NAME, { message: 'description must look like area:permission (lower case letters, digits and dashes)' })
  @MaxLength(100)
  description?: string;

  /** false disables the claim for everyone holding it. */
  @ApiPropertyOptional({ example: false })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}
