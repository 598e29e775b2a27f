import { Body, Controller, Get, Param, Post, Query, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify/multipart';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
// request.isMultipart(), which @fastify/multipart adds.
import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Claim } from '../platform/auth/claims';
import { CurrentPrincipal } from '../platform/auth/current-principal.decorator';
import { Principal } from '../platform/auth/principal';
import { RequireClaims } from '../platform/auth/require-claims.decorator';
import { ApiProblems } from '../platform/http/api-problems.decorator';
import { Created } from '../platform/http/created.decorator';
import { ParseUuidPipe } from '../platform/http/id.pipe';
import { registerRouteContract } from '../platform/http/route-contracts';
import { createValidationPipe, RequestValidationError } from '../platform/http/validation';
import { ParseDeviceIdPipe, takenAtWindow } from '../telemetry/device-id.pipe';
import { ReadingQueryDto } from '../telemetry/dto/reading.dto';
import { normalizeDeviceId, parseTelemetryTimestamp, takenAtPage } from '../telemetry/telemetry-fields';
import { PHOTO_UPLOAD_BODY, PhotoDto, PhotoPageDto, PhotoUploadDto } from './dto/photo.dto';
import { PhotoTooLargeError } from './errors';
import { MAX_PHOTO_BYTES } from './image-inspection';
import { PhotoRecord } from './photos.repository';
import { PhotosService } from './photos.service';

const PHOTO_PATH = '/api/v1/telemetry/photo';

// Devices built on the original contract post to /telemetry/photo. Base64 JSON of a 5 MB photo
// is about 6.7 MB: this route alone accepts JSON bodies up to 8 MB.
registerRouteContract({ paths: [], aliases: { '/telemetry/photo': PHOTO_PATH }, bodyLimits: { [PHOTO_PATH]: '8mb' }, onError: () => undefined });

/** What the upload interceptor hands over for the `photo` part (kept in memory: at most 5 MB). */
interface UploadedPhotoFile {
  buffer: Buffer;
  size: number;
}

const MAX_BASE64_LENGTH = Math.ceil(MAX_PHOTO_BYTES / 3) * 4;

export function toPhotoDto(photo: PhotoRecord): PhotoDto {
  return {
    id: photo.id,
    deviceId: photo.deviceId,
    takenAt: photo.takenAt.toISOString(),
    receivedAt: photo.receivedAt.toISOString(),
    contentType: photo.contentType,
    sizeBytes: photo.sizeBytes,
    width: photo.width,
    height: photo.height,
    status: photo.status,
    recognized: photo.recognized,
    similarity: photo.similarity,
    matchedPhotoId: photo.matchedPhotoId,
    provider: photo.provider,
    reason: photo.reason,
    cached: photo.cacheHit,
    analysedAt: photo.analysedAt?.toISOString() ?? null,
  };
}

@ApiTags('photos')
@Controller('telemetry')
export class PhotosController {
  constructor(private readonly photos: PhotosService) {}

  @Post('photo')
  @RequireClaims(Claim.TelemetryWrite)
  @UseInterceptors(FileInterceptor('photo', { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6 } }))
  @ApiOperation({
    requestBody: PHOTO_UPLOAD_BODY,
    summary: 'Send a photo',
    description:
      'Stores the photo, compares it with the photos sent before (provider set by RECOGNITION_PROVIDER) and answers whether it was recognized. Identical content analysed before is answered from that analysis (`cached`). When the provider is unavailable the photo is still stored: status PENDING, recognized null, and it is recognized in the background. The same photo sent again for the same device and timestamp answers the stored photo with Idempotent-Replayed: true. Also served at POST /telemetry/photo. For a device enrolled to another user the answer is 403 DEVICE_NOT_OWNED and nothing is stored.',
  })
  @Created(PhotoDto, 'telemetry/photos/{id}')
  @ApiProblems(400, 409, 413)
  async upload(
    // Declared `object` so that Swagger takes the body from PHOTO_UPLOAD_BODY, one schema per media
    // type, rather than from the class; the pipe still validates it as PhotoUploadDto.
    @Body(createValidationPipe(PhotoUploadDto)) fields: object,
    @UploadedFile() file: UploadedPhotoFile | undefined,
    @CurrentPrincipal() sender: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<PhotoDto> {
    const body = fields as PhotoUploadDto;
    // Form builders (Swagger UI among them) send every field of a form, the empty ones too: an
    // empty `content` part of a multipart upload is no content.
    const content = body.content === '' && request.isMultipart() ? undefined : body.content;
    if (file && content !== undefined) throw new RequestValidationError([{ name: 'content', reasons: ['send the photo either as the multipart part photo or as content, not both'] }]);
    if (!file && content === undefined) throw new RequestValidationError([{ name: 'photo', reasons: ['photo is required: a multipart file part named photo, or content (base64) in JSON'] }]);
    if (content !== undefined && content.length > MAX_BASE64_LENGTH) throw new PhotoTooLargeError(MAX_PHOTO_BYTES);
    const takenAt = parseTelemetryTimestamp(body.timestamp)!;
    const bytes = file ? file.buffer : Buffer.from(content!, 'base64');
    const { photo, replayed } = await this.photos.upload({ deviceId: normalizeDeviceId(body.deviceId)!, takenAt, bytes, field: file ? 'photo' : 'content' }, sender);
    if (replayed) response.header('Idempotent-Replayed', 'true');
    return toPhotoDto(photo);
  }

  @Get('photos/:id')
  @RequireClaims(Claim.TelemetryRead)
  @ApiOperation({ summary: 'A photo', description: 'Its metadata and the outcome of its recognition.' })
  @ApiOkResponse({ type: PhotoDto })
  @ApiProblems(400, 404)
  async get(@Param('id', ParseUuidPipe) id: string): Promise<PhotoDto> {
    return toPhotoDto(await this.photos.get(id));
  }

  @Get('photos/:id/content')
  @RequireClaims(Claim.TelemetryRead)
  @ApiOperation({ summary: "A photo's image", description: 'The bytes as sent, with their content type. Each read is audited (photos may show people).' })
  @ApiProduces('image/jpeg', 'image/png')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 404)
  async content(@Param('id', ParseUuidPipe) id: string, @Res({ passthrough: true }) response: FastifyReply): Promise<StreamableFile> {
    const { photo, bytes } = await this.photos.content(id);
    response.header('Cache-Control', 'private, no-store');
    return new StreamableFile(bytes, { type: photo.contentType, length: bytes.length, disposition: `inline; filename="${photo.id}.${photo.contentType === 'image/png' ? 'png' : 'jpg'}"` });
  }

  @Get('devices/:deviceId/photos')
  @RequireClaims(Claim.TelemetryRead)
  @ApiOperation({ summary: "A device's photos", description: 'Newest first by the time they were taken (oldest first with `sort=takenAt`); filter by period; cursor pagination. Metadata and recognition only; the image is at /telemetry/photos/{id}/content.' })
  @ApiParam({ name: 'deviceId', description: 'MAC address (: or -, any case)', example: 'AA:BB:CC:DD:EE:01' })
  @ApiOkResponse({ type: PhotoPageDto })
  @ApiProblems(400, 404)
  async list(@Param('deviceId', ParseDeviceIdPipe) deviceId: string, @Query() query: ReadingQueryDto): Promise<PhotoPageDto> {
    const window = takenAtWindow(query);
    return takenAtPage(await this.photos.listByDevice(deviceId, window), query.limit, toPhotoDto, window);
  }
}
