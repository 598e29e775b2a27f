import { domainError, notFoundError } from '../platform/http/domain-error';

export class PhotoNotFoundError extends notFoundError('Photo', 'PHOTO_NOT_FOUND') {}

export class PhotoConflictError extends domainError(409, 'PHOTO_CONFLICT', 'Another photo at this instant', 'The device already sent a different photo taken at the same instant (a device sends one photo per instant)') {
  constructor(deviceId: string, takenAt: Date) {
    super(`Device ${deviceId} already sent a different photo taken at ${takenAt.toISOString()}; a device sends one photo per instant.`);
  }
}

/** The photo's bytes are not an acceptable image: a 400 naming the `photo` field. */
export class InvalidPhotoError extends domainError(400, 'INVALID_PHOTO', 'Invalid photo', 'The photo is not an acceptable image: empty, not a JPEG or PNG, undecodable, or over 50 megapixels; `invalidParams` names the field') {
  constructor(field: string, reason: string) {
    super(reason, { invalidParams: [{ name: field, reasons: [reason] }] });
  }
}

export class PhotoTooLargeError extends domainError(413, 'PHOTO_TOO_LARGE', 'Photo too large', 'The photo has more than 5 MB (the limit of Rekognition for inline images)') {
  constructor(limitBytes: number) {
    super(`A photo may have at most ${limitBytes} bytes (5 MB, the limit of Rekognition for inline images).`);
  }
}

/** Every decode slot (PHOTO_DECODE_CONCURRENCY) stayed taken for PHOTO_DECODE_WAIT_MS: a temporary refusal. */
export class PhotoDecoderBusyError extends domainError(503, 'PHOTO_DECODER_BUSY', 'Photo decoder busy', 'Photo uploads only: no decode slot came within `PHOTO_DECODE_WAIT_MS`; with `Retry-After: 2`, nothing stored') {
  override readonly retryAfterSeconds = 2;

  constructor() {
    super('Too many photos are being decoded at the moment; send this one again after Retry-After seconds.');
  }
}
