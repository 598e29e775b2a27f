import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsString } from 'class-validator';
import { CursorPageDto } from '../../platform/http/pagination';
import { IsDeviceId, IsTelemetryTimestamp } from '../../telemetry/telemetry-fields';
import { IsBase64Content } from '../image-inspection';
import { IsOmittable } from '../../platform/http/validators';

/** Fields of a photo upload: multipart (with a `photo` file part) or JSON (with base64 `content`). */
export class PhotoUploadDto {
  @ApiProperty({ description: 'MAC address of the device, with : or - (any case)', example: 'AA:BB:CC:DD:EE:01' })
  @IsDefined()
  @IsDeviceId()
  deviceId: string;

  @ApiProperty({ description: 'When the photo was taken: ISO 8601 with a time zone, or epoch milliseconds', example: '2026-11-25T10:00:00.000Z' })
  @IsDefined()
  @IsTelemetryTimestamp()
  timestamp: string | number;

  @ApiPropertyOptional({ description: 'JSON only: the JPEG or PNG bytes in base64 (at most 5 MB decoded)', format: 'byte' })
  @IsOmittable()
  @IsString()
  @IsBase64Content({ message: 'content must be the image bytes in base64' })
  content?: string;
}

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
