import { ApiProperty, ApiPropertyOptional, RequestBodyObject } from '@nestjs/swagger';
import { IsDefined, IsString } from 'class-validator';
import { CursorPageDto } from '../../platform/http/pagination';
import { IsDeviceId, IsTelemetryTimestamp } from '../../telemetry/telemetry-fields';
import { IsBase64Content } from '../image-inspection';
import { IsOmittable } from '../../platform/http/validators';

const DEVICE_ID = { description: 'MAC address of the device, with : or - (any case)', example: 'AA:BB:CC:DD:EE:01' };
const TIMESTAMP = { description: 'When the photo was taken: ISO 8601 with a time zone, or epoch milliseconds', example: '2026-11-25T10:00:00.000Z' };
const CONTENT = { description: 'The JPEG or PNG bytes in base64 (at most 5 MB decoded)', format: 'byte' };

/**
 * Validates the fields of a photo upload, multipart (with a `photo` file part) or JSON (with base64
 * `content`). The document shows each media type its own fields: PHOTO_UPLOAD_BODY.
 */
export class PhotoUploadDto {
  @ApiProperty(DEVICE_ID)
  @IsDefined()
  @IsDeviceId()
  deviceId: string;

  @ApiProperty(TIMESTAMP)
  @IsDefined()
  @IsTelemetryTimestamp()
  timestamp: string | number;

  @ApiPropertyOptional({ ...CONTENT, description: `JSON only: ${CONTENT.description}` })
  @IsOmittable()
  @IsString()
  @IsBase64Content({ message: 'content must be the image bytes in base64' })
  content?: string;
}

/**
 * The upload as the document describes it: a multipart form holds the fields and the file, and
 * nothing else (Swagger UI sends every field of the form it draws, so a `content` field there
 * would go empty with the file); JSON holds the fields and `content`.
 */
/** A 16 x 12 PNG: the JSON example runs as it stands. */
const CONTENT_EXAMPLE =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAIAAADkharWAAAACXBIWXMAAAPoAAAD6AG1e1JrAAABVUlEQVQozw3LIQHFIBRAUSJMEACJXADEIrwICAIgkTcAgggvwgQBkEgCIBaBCP8ff4wxXAZnuA2PQQzRkA0YmkENr2EYluEzHIMxlsviLLflsYglWrIFS7Oo5bUMy7J8lmP/wXN5nOf2PB7xRE/24Gke9bye4Vmez3P8PwSugAvcgScggRjIAQItoIE3MAIr8AVO+AfhEpxwC48gQhSygNAEFV5hCEv4hCP/kLgSLnEnnoQkYiInSLSEJt7ESKzElzjpHwpXwRXuwlOQQizkAoVW0MJbGIVV+Aqn/EPlqrjKXXkqUomVXKHSKlp5K6OyKl/l1H9QLsUpt/IookQlKyhNUeVVhrKUTzn6D52r4zp35+lIJ3Zyh07raOftjM7qfJ3T/2FyTdzknjwTmcRJnjBpE528kzFZk29y5j9sro3b3JtnI5u4yRs2baObdzM2a/NtzuYHM20MkJMNK3gAAAAASUVORK5CYII=';

export const PHOTO_UPLOAD_BODY: RequestBodyObject = {
  required: true,
  description: 'multipart/form-data with the fields deviceId and timestamp and the file part `photo`; or JSON with deviceId, timestamp and `content` (base64). JPEG or PNG, checked by content, at most 5 MB.',
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['deviceId', 'timestamp', 'photo'],
        properties: {
          deviceId: { type: 'string', ...DEVICE_ID },
          timestamp: { type: 'string', ...TIMESTAMP },
          photo: { type: 'string', format: 'binary', description: 'The image file, JPEG or PNG, at most 5 MB' },
        },
      },
      encoding: { photo: { contentType: 'image/jpeg, image/png' } },
    },
    'application/json': {
      schema: {
        type: 'object',
        required: ['deviceId', 'timestamp', 'content'],
        properties: {
          deviceId: { type: 'string', ...DEVICE_ID },
          // Another instant than the form's: both examples can be sent for the demo device (one
          // photo per device and instant).
          timestamp: { oneOf: [{ type: 'string' }, { type: 'integer' }], ...TIMESTAMP, example: '2026-11-25T10:05:00.000Z' },
          content: { type: 'string', ...CONTENT, example: CONTENT_EXAMPLE },
        },
      },
    },
  },
};

export class PhotoDto {
  @ApiProperty({ example: '9b2f6c1e-5a43-4d8e-b7f0-3c2a1d9e8f70' })
  id: string;

  @ApiProperty({ example: 'AA:BB:CC:DD:EE:01' })
  deviceId: string;

  @ApiProperty({ description: 'When the device took it' })
  takenAt: string;

  @ApiProperty({ description: 'When the platform received it' })
  receivedAt: string;

  @ApiProperty({ enum: ['image/jpeg', 'image/png'] })
  contentType: string;

  @ApiProperty({ example: 48213 })
  sizeBytes: number;

  @ApiProperty({ example: 640 })
  width: number;

  @ApiProperty({ example: 480 })
  height: number;

  /** PENDING: stored, recognition still to come (retried in the background); ANALYSED; REJECTED: the provider refused the image. */
  @ApiProperty({ enum: ['PENDING', 'ANALYSED', 'REJECTED'] })
  status: string;

  /** Whether an earlier photo was recognized in this one; null while PENDING. */
  @ApiProperty({ nullable: true, type: Boolean })
  recognized: boolean | null;

  /** Best similarity found (0-100), when the provider reports one. */
  @ApiProperty({ nullable: true, type: Number, example: 98.4 })
  similarity: number | null;

  /** The earlier photo recognized in this one. */
  @ApiProperty({ nullable: true, type: String })
  matchedPhotoId: string | null;

  /** local or rekognition; null while PENDING. */
  @ApiProperty({ nullable: true, type: String, example: 'local' })
  provider: string | null;

  /** MATCH, NO_MATCH, NO_FACE, or the provider's reason for refusing the image. */
  @ApiProperty({ nullable: true, type: String, example: 'MATCH' })
  reason: string | null;

  /** Answered from the analysis of identical content sent before, without calling the provider. */
  @ApiProperty()
  cached: boolean;

  @ApiProperty({ nullable: true, type: String })
  analysedAt: string | null;
}

export class PhotoPageDto extends CursorPageDto(PhotoDto) {}
