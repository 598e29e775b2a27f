import { ApiProperty } from '@nestjs/swagger';

export class HealthResultDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: string;

  /** Each check that passed, by name. */
  @ApiProperty({ example: { database: { status: 'up', responseTime: 3 } } })
  info: Record<string, { status: string }>;

  /** Each check that failed, by name (empty when healthy). */
  @ApiProperty({ example: {} })
  error: Record<string, { status: string }>;

  /** Every check, by name. */
  @ApiProperty({ example: { database: { status: 'up', responseTime: 3 } } })
  details: Record<string, { status: string }>;
}
