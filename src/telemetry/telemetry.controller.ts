import { Body, Controller, Get, HttpCode, HttpStatus, Param, Query } from '@nestjs/common';
import { Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Claim } from '../platform/auth/claims';
import { CurrentPrincipal } from '../platform/auth/current-principal.decorator';
import { Principal } from '../platform/auth/principal';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { PageDto, pageOf } from '../platform/http/pagination';
import { parseSort } from '../platform/http/sorting';
import { registerRouteContract } from '../platform/http/route-contracts';
import { ParseDeviceIdPipe, takenAtWindow } from './device-id.pipe';
import {
  AcceptedReadingDto,
  BatchAcceptedDto,
  BatchDto,
  DeviceDetailDto,
  DeviceDto,
  DeviceOwnerAnswerDto,
  DeviceOwnerDto,
  DeviceQueryDto,
  GpsPageDto,
  GpsReadingDto,
  GyroscopePageDto,
  GyroscopeReadingDto,
  ReadingQueryDto,
} from './dto/reading.dto';
import { normalizeDeviceId, parseTelemetryTimestamp, takenAtPage } from './telemetry-fields';
import { AcceptedReading, ReadingInput, TelemetryService } from './telemetry.service';
import { DeviceOwnershipService } from './device-ownership.service';

// Devices built on the original contract post to /telemetry/...: same handlers, same rules.
registerRouteContract({
  paths: [],
  aliases: { '/telemetry/gyroscope': '/api/v1/telemetry/gyroscope', '/telemetry/gps': '/api/v1/telemetry/gps', '/telemetry/batch': '/api/v1/telemetry/batch' },
  onError: () => undefined,
});

class DevicePageDto extends PageDto(DeviceDto) {}

const DEVICE_PARAM = { name: 'deviceId', description: 'MAC address (: or -, any case)', example: 'AA:BB:CC:DD:EE:01' };

const toAccepted = (reading: AcceptedReading): AcceptedReadingDto => ({ id: reading.id, kind: reading.kind, deviceId: reading.deviceId, takenAt: reading.takenAt.toISOString(), status: 'QUEUED' });

/** A validated reading as the service takes it. */
function toInput(
  reading: { type: 'gyroscope' | 'gps'; timestamp: string | number; x?: number; y?: number; z?: number; latitude?: number; longitude?: number },
  deviceId: string,
): ReadingInput {
  const takenAt = parseTelemetryTimestamp(reading.timestamp)!;
  const device = normalizeDeviceId(deviceId)!;
  return reading.type === 'gyroscope'
    ? { kind: 'gyroscope', deviceId: device, takenAt, x: reading.x!, y: reading.y!, z: reading.z! }
    : { kind: 'gps', deviceId: device, takenAt, latitude: reading.latitude!, longitude: reading.longitude! };
}

const iso = <T extends Record<K, Date>, K extends keyof T>(row: T, ...keys: K[]) => Object.fromEntries(keys.map((key) => [key, row[key].toISOString()])) as Record<K, string>;

@ApiTags('telemetry')
@Controller('telemetry')
export class TelemetryController {
  constructor(
    private readonly telemetry: TelemetryService,
    private readonly ownership: DeviceOwnershipService,
  ) {}

  @Post('gyroscope')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireClaims(Claim.TelemetryWrite)
  @ApiOperation({ summary: 'Send a gyroscope reading', description: 'Queued durably and stored moments later; a reading sent twice (same device and timestamp) is stored once and gets the same id. Also served at POST /telemetry/gyroscope. A device is enrolled to the first user that sends for it (or by an operator); for a device enrolled to another user the answer is 403 DEVICE_NOT_OWNED and nothing is queued.' })
  @ApiAcceptedResponse({ type: AcceptedReadingDto })
  @ApiProblems(400)
  async gyroscope(@Body() body: GyroscopeReadingDto, @CurrentPrincipal() sender: Principal): Promise<AcceptedReadingDto> {
    return toAccepted(await this.telemetry.acceptOne(toInput({ type: 'gyroscope', ...body }, body.deviceId), sender));
  }

  @Post('gps')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireClaims(Claim.TelemetryWrite)
  @ApiOperation({ summary: 'Send a GPS reading', description: 'Queued durably and stored (coordinates encrypted) moments later; a reading sent twice is stored once. Also served at POST /telemetry/gps. A device is enrolled to the first user that sends for it (or by an operator); for a device enrolled to another user the answer is 403 DEVICE_NOT_OWNED and nothing is queued.' })
  @ApiAcceptedResponse({ type: AcceptedReadingDto })
  @ApiProblems(400)
  async gps(@Body() body: GpsReadingDto, @CurrentPrincipal() sender: Principal): Promise<AcceptedReadingDto> {
    return toAccepted(await this.telemetry.acceptOne(toInput({ type: 'gps', ...body }, body.deviceId), sender));
  }

  @Post('batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireClaims(Claim.TelemetryWrite)
  @ApiOperation({
    summary: 'Send buffered readings',
    description: 'For a device that was offline: up to 1000 gyroscope and GPS readings of one device in one call, all accepted or none (a 400 names each refused field, e.g. readings[3].latitude). Also served at POST /telemetry/batch. When the device is enrolled to another user the whole batch is refused: 403 DEVICE_NOT_OWNED.',
  })
  @ApiAcceptedResponse({ type: BatchAcceptedDto })
  @ApiProblems(400)
  async batch(@Body() body: BatchDto, @CurrentPrincipal() sender: Principal): Promise<BatchAcceptedDto> {
    const accepted = await this.telemetry.acceptBatch(
      body.readings.map((reading) => toInput(reading, body.deviceId)),
      sender,
    );
    return { accepted: accepted.length, readings: accepted.map(toAccepted) };
  }

  @Get('devices')
  @RequireClaims(Claim.TelemetryRead)
  @ApiOperation({ summary: 'List devices', description: 'With first and last contact; most recently seen first unless `sort` says otherwise (`lastSeenAt`, `firstSeenAt`, `id`, each `-` for descending).' })
  @ApiOkResponse({ type: DevicePageDto })
  @ApiProblems(400)
  async devices(@Query() query: DeviceQueryDto): Promise<DevicePageDto> {
    const { items, total } = await this.telemetry.listDevices(query.skip, query.pageSize, parseSort(query.sort));
    return pageOf(
      items.map((device) => ({ id: device.id, ...iso(device, 'firstSeenAt', 'lastSeenAt', 'lastReadingAt') })),
      total,
      query,
    );
  }

  @Get('devices/:deviceId')
  @RequireClaims(Claim.TelemetryRead)
  @ApiOperation({ summary: 'A device', description: 'First and last contact, and how many readings and photos are stored.' })
  @ApiParam(DEVICE_PARAM)
  @ApiOkResponse({ type: DeviceDetailDto })
  @ApiProblems(400, 404)
  async device(@Param('deviceId', ParseDeviceIdPipe) deviceId: string): Promise<DeviceDetailDto> {
    const device = await this.telemetry.device(deviceId);
    return { id: device.id, ...iso(device, 'firstSeenAt', 'lastSeenAt', 'lastReadingAt'), counts: device.counts };
  }

  @Put('devices/:deviceId/owner')
  @RequireClaims(Claim.DevicesWrite)
  @ApiOperation({
    summary: 'Enroll a device to a user',
    description:
      'Enrolls the device to the user (a device user or a fleet user), or moves it from its current owner; a device not seen yet is created. From then on only that user may send its readings and photos. Enroll a fleet before it ships so that no one else enrolls a device by sending for it first. Audited.',
  })
  @ApiParam(DEVICE_PARAM)
  @ApiOkResponse({ type: DeviceOwnerAnswerDto })
  @ApiProblems(400)
  async setOwner(@Param('deviceId', ParseDeviceIdPipe) deviceId: string, @Body() body: DeviceOwnerDto): Promise<DeviceOwnerAnswerDto> {
    await this.ownership.setOwner(deviceId, BigInt(body.userId));
    return { deviceId, userId: body.userId };
  }

  @Get('devices/:deviceId/gyroscope')
  @RequireClaims(Claim.TelemetryRead)
  @ApiOperation({ summary: "A device's gyroscope readings", description: 'Newest first by the time they were taken (oldest first with `sort=takenAt`); filter by period; cursor pagination.' })
  @ApiParam(DEVICE_PARAM)
  @ApiOkResponse({ type: GyroscopePageDto })
  @ApiProblems(400, 404)
  async gyroscopeReadings(@Param('deviceId', ParseDeviceIdPipe) deviceId: string, @Query() query: ReadingQueryDto): Promise<GyroscopePageDto> {
    const window = takenAtWindow(query);
    const rows = await this.telemetry.gyroscope(deviceId, window);
    return takenAtPage(rows, query.limit, (row) => ({ id: row.id, deviceId: row.deviceId, x: row.x, y: row.y, z: row.z, ...iso(row, 'takenAt', 'receivedAt', 'storedAt') }), window);
  }

  @Get('devices/:deviceId/gps')
  @RequireClaims(Claim.TelemetryRead)
  @ApiOperation({ summary: "A device's GPS readings", description: 'Newest first by the time they were taken (oldest first with `sort=takenAt`); filter by period; cursor pagination.' })
  @ApiParam(DEVICE_PARAM)
  @ApiOkResponse({ type: GpsPageDto })
  @ApiProblems(400, 404)
  async gpsReadings(@Param('deviceId', ParseDeviceIdPipe) deviceId: string, @Query() query: ReadingQueryDto): Promise<GpsPageDto> {
    const window = takenAtWindow(query);
    const rows = await this.telemetry.gps(deviceId, window);
    return takenAtPage(rows, query.limit, (row) => ({ id: row.id, deviceId: row.deviceId, latitude: row.latitude, longitude: row.longitude, ...iso(row, 'takenAt', 'receivedAt', 'storedAt') }), window);
  }
}
