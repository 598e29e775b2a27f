import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CursorPageDto, PageQueryDto } from '../../platform/http/pagination';
import { TimeWindowQueryDto } from '../../platform/http/time-window';
import { IsDeviceId, IsTelemetryTimestamp, OnlyFor } from '../telemetry-fields';
import { MAX_BATCH_READINGS } from '../telemetry.constants';
import { SortParam } from '../../platform/http/sorting';
import { DEVICE_SORT_FIELDS } from '../readings.repository';

const FINITE = { allowNaN: false, allowInfinity: false };

const DEVICE_ID = { description: 'MAC address of the device, with : or - (any case); answered as AA:BB:CC:DD:EE:FF', example: 'AA:BB:CC:DD:EE:01' };
const TIMESTAMP = {
  description: 'When the reading was taken: ISO 8601 with a time zone, or epoch milliseconds. At most TELEMETRY_MAX_FUTURE_SECONDS (300 s) ahead of the server clock, and from 2000-01-01 on.',
  oneOf: [
    { type: 'string', format: 'date-time', example: '2026-11-25T10:00:00.000Z' },
    { type: 'integer', format: 'int64', example: 1795600800000 },
  ],
};

export class GyroscopeReadingDto {
  @ApiProperty(DEVICE_ID)
  @IsDefined()
  @IsDeviceId()
  deviceId: string;

  @ApiProperty({ description: 'Angular velocity around the x axis', example: 0.012 })
  @IsDefined()
  @IsNumber(FINITE)
  x: number;

  @ApiProperty({ description: 'Angular velocity around the y axis', example: -0.3 })
  @IsDefined()
  @IsNumber(FINITE)
  y: number;

  @ApiProperty({ description: 'Angular velocity around the z axis', example: 9.81 })
  @IsDefined()
  @IsNumber(FINITE)
  z: number;

  @ApiProperty(TIMESTAMP)
  @IsDefined()
  @IsTelemetryTimestamp()
  timestamp: string | number;
}

export class GpsReadingDto {
  @ApiProperty(DEVICE_ID)
  @IsDefined()
  @IsDeviceId()
  deviceId: string;

  @ApiProperty({ minimum: -90, maximum: 90, example: -23.5613 })
  @IsDefined()
  @IsNumber(FINITE)
  @Min(-90)
  @Max(90)
  latitude: number;

  @ApiProperty({ minimum: -180, maximum: 180, example: -46.6565 })
  @IsDefined()
  @IsNumber(FINITE)
  @Min(-180)
  @Max(180)
  longitude: number;

  @ApiProperty(TIMESTAMP)
  @IsDefined()
  @IsTelemetryTimestamp()
  timestamp: string | number;
}

/** Validate a kind's field when the reading is of that kind, or when it carries the field anyway (to refuse it). */
const isKind = (kind: string, field: keyof BatchReadingDto) => (reading: BatchReadingDto) => reading.type === kind || reading[field] !== undefined;

/** One buffered reading: a gyroscope reading (x, y, z) or a GPS reading (latitude, longitude). */
export class BatchReadingDto {
  @ApiProperty({ enum: ['gyroscope', 'gps'] })
  @IsDefined()
  @IsIn(['gyroscope', 'gps'])
  type: 'gyroscope' | 'gps';

  @ApiPropertyOptional({ description: 'gyroscope only', example: 0.012 })
  @ValidateIf(isKind('gyroscope', 'x'))
  @OnlyFor('gyroscope')
  @IsDefined()
  @IsNumber(FINITE)
  x?: number;

  @ApiPropertyOptional({ description: 'gyroscope only', example: -0.3 })
  @ValidateIf(isKind('gyroscope', 'y'))
  @OnlyFor('gyroscope')
  @IsDefined()
  @IsNumber(FINITE)
  y?: number;

  @ApiPropertyOptional({ description: 'gyroscope only', example: 9.81 })
  @ValidateIf(isKind('gyroscope', 'z'))
  @OnlyFor('gyroscope')
  @IsDefined()
  @IsNumber(FINITE)
  z?: number;

  @ApiPropertyOptional({ description: 'gps only', minimum: -90, maximum: 90 })
  @ValidateIf(isKind('gps', 'latitude'))
  @OnlyFor('gps')
  @IsDefined()
  @IsNumber(FINITE)
  @Min(-90)
  @Max(90)
  latitude?: number;

  @ApiPropertyOptional({ description: 'gps only', minimum: -180, maximum: 180 })
  @ValidateIf(isKind('gps', 'longitude'))
  @OnlyFor('gps')
  @IsDefined()
  @IsNumber(FINITE)
  @Min(-180)
  @Max(180)
  longitude?: number;

  @ApiProperty(TIMESTAMP)
  @IsDefined()
  @IsTelemetryTimestamp()
  timestamp: string | number;
}

export class BatchDto {
  @ApiProperty(DEVICE_ID)
  @IsDefined()
  @IsDeviceId()
  deviceId: string;

  @ApiProperty({
    type: [BatchReadingDto],
    minItems: 1,
    maxItems: MAX_BATCH_READINGS,
    example: [
      { type: 'gyroscope', x: 0.012, y: -0.3, z: 9.81, timestamp: '2026-11-25T10:00:00.000Z' },
      { type: 'gps', latitude: -23.5505, longitude: -46.6333, timestamp: '2026-11-25T10:00:01.000Z' },
    ],
  })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_READINGS)
  @ValidateNested({ each: true })
  @Type(() => BatchReadingDto)
  readings: BatchReadingDto[];
}

export class AcceptedReadingDto {
  /** The reading's id: the same for the same device, kind and timestamp. */
  @ApiProperty({ example: '0f8e2b51-47a9-8c3e-9d1a-2c4b6e8f0a13' })
  id: string;

  @ApiProperty({ enum: ['gyroscope', 'gps'] })
  kind: 'gyroscope' | 'gps';

  @ApiProperty({ example: 'AA:BB:CC:DD:EE:01' })
  deviceId: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  takenAt: string;

  /** Queued: stored by a consumer within moments (see docs/telemetry.md). */
  @ApiProperty({ enum: ['QUEUED'] })
  status: 'QUEUED';
}

export class BatchAcceptedDto {
  @ApiProperty({ example: 2 })
  accepted: number;

  @ApiProperty({ type: [AcceptedReadingDto] })
  readings: AcceptedReadingDto[];
}

export class DeviceDto {
  @ApiProperty({ example: 'AA:BB:CC:DD:EE:01' })
  id: string;

  @ApiProperty({ description: 'First time the platform received something from it (server clock)' })
  firstSeenAt: string;

  @ApiProperty({ description: 'Last time the platform received something from it (server clock)' })
  lastSeenAt: string;

  @ApiProperty({ description: 'Newest timestamp among its readings and photos (device clock)' })
  lastReadingAt: string;
}

export class DeviceCountsDto {
  @ApiProperty()
  gyroscope: number;

  @ApiProperty()
  gps: number;

  @ApiProperty()
  photos: number;
}

export class DeviceDetailDto extends DeviceDto {
  @ApiProperty({ type: DeviceCountsDto, description: 'Readings and photos stored' })
  counts: DeviceCountsDto;
}

export class DeviceQueryDto extends PageQueryDto {
  @SortParam(DEVICE_SORT_FIELDS, { order: 'most recently seen first (-lastSeenAt)' })
  sort?: string;
}

export class ReadingQueryDto extends TimeWindowQueryDto {
  /** The `nextCursor` of the previous page. */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;

  @SortParam(['takenAt'], { order: 'newest first (-takenAt)', multiple: false })
  sort?: string;
}

class StoredReadingDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ example: 'AA:BB:CC:DD:EE:01' })
  deviceId: string;

  @ApiProperty({ description: 'When the device took it' })
  takenAt: string;

  @ApiProperty({ description: 'When the platform accepted it' })
  receivedAt: string;

  @ApiProperty({ description: 'When it was stored' })
  storedAt: string;
}

export class GyroscopeDto extends StoredReadingDto {
  @ApiProperty()
  x: number;

  @ApiProperty()
  y: number;

  @ApiProperty()
  z: number;
}

export class GpsDto extends StoredReadingDto {
  @ApiProperty()
  latitude: number;

  @ApiProperty()
  longitude: number;
}

export class GyroscopePageDto extends CursorPageDto(GyroscopeDto) {}

export class GpsPageDto extends CursorPageDto(GpsDto) {}

export class DeviceOwnerDto {
  @ApiProperty({ description: 'Id of the user (a device user or a fleet user) the device is enrolled to: only it may send the device\'s readings and photos', example: 1 })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  userId: number;
}

export class DeviceOwnerAnswerDto {
  @ApiProperty({ example: 'AA:BB:CC:DD:EE:01' })
  deviceId: string;

  @ApiProperty({ example: 12 })
  userId: number;
}
