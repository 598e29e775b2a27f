import { registerDecorator, ValidationOptions } from 'class-validator';
import { createHash } from 'node:crypto';
import sharp from 'sharp';

// Each photo is decoded once, from untrusted bytes: libvips' operation cache (up to 50 MB and 100
// operations by default) would only keep decoded pixels of photos already answered.
sharp.cache(false);

/** Largest photo accepted, in bytes (Rekognition's limit for inline images). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** Largest photo accepted, in pixels (width x height): a guard against decompression bombs. */
export const MAX_PHOTO_PIXELS = 50_000_000;

export type PhotoContentType = 'image/jpeg' | 'image/png';

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height of the picture the difference hash is computed from. */
const HASH_WIDTH = 9;
const HASH_HEIGHT = 8;
const HASH_BITS = 64;

/**
 * The photo's type by its first bytes (its magic number), whatever type the sender declared.
 * Null when it is neither JPEG nor PNG.
 */
export function sniffContentType(bytes: Buffer): PhotoContentType | null {
  if (bytes.length >= JPEG_MAGIC.length && bytes.subarray(0, JPEG_MAGIC.length).equals(JPEG_MAGIC)) return 'image/jpeg';
  if (bytes.length >= PNG_MAGIC.length && bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) return 'image/png';
  return null;
}

/** The photo was refused; `reason` is meant for the client. */
export class PhotoRejectedError extends Error {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`Photo rejected: ${reason}`, options);
    this.name = 'PhotoRejectedError';
  }
}

export interface InspectedPhoto {
  contentType: PhotoContentType;
  /** Width in pixels, as displayed (after the EXIF orientation is applied). */
  width: number;
  /** Height in pixels, as displayed (after the EXIF orientation is applied). */
  height: number;
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: string;
  /** 64-bit difference hash of the picture, signed (as PostgreSQL's bigint stores it). */
  perceptualHash: bigint;
}

/** Options shared by every decoder run on untrusted photos. */
const DECODE_OPTIONS: sharp.SharpOptions = {
  failOn: 'error',
  limitInputPixels: MAX_PHOTO_PIXELS,
};

/**
 * Checks a photo by its content and computes what recognition needs. Throws PhotoRejectedError
 * when the photo is empty, larger than MAX_PHOTO_BYTES, not a JPEG or PNG by content, larger than
 * MAX_PHOTO_PIXELS, or cannot be decoded (truncated or corrupt).
 *
 * Decoding costs one header read (dimensions) and one pipeline that orients the picture by its EXIF
 * tag and shrinks it to 9x8 grey pixels; JPEGs are shrunk while decoding.
 */
export async function inspectPhoto(bytes: Buffer): Promise<InspectedPhoto> {
  if (bytes.length === 0) throw new PhotoRejectedError('photo is empty');
  if (bytes.length > MAX_PHOTO_BYTES) throw new PhotoRejectedError('photo must be at most 5 MB');
  const contentType = sniffContentType(bytes);
  if (contentType === null) throw new PhotoRejectedError('photo must be a JPEG or PNG image');

  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, DECODE_OPTIONS).metadata();
  } catch (error) {
    throw decodeFailure(error);
  }
  const expectedFormat = contentType === 'image/jpeg' ? 'jpeg' : 'png';
  if (metadata.format !== expectedFormat || !metadata.width || !metadata.height) {
    throw new PhotoRejectedError('photo could not be decoded as JPEG or PNG');
  }

  let pixels: Buffer;
  try {
    const { data, info } = await sharp(bytes, DECODE_OPTIONS)
      .rotate()
      .flatten({ background: '#ffffff' })
      .greyscale()
      .resize(HASH_WIDTH, HASH_HEIGHT, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1 || data.length !== HASH_WIDTH * HASH_HEIGHT) {
      throw new Error(`unexpected hash picture: ${info.width}x${info.height}x${info.channels}`);
    }
    pixels = data;
  } catch (error) {
    throw decodeFailure(error);
  }

  const { width, height } = metadata.autoOrient;
  return {
    contentType,
    width,
    height,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    perceptualHash: differenceHash(pixels),
  };
}

function decodeFailure(error: unknown): PhotoRejectedError {
  if (error instanceof Error && /pixel limit/i.test(error.message)) {
    return new PhotoRejectedError('photo must be at most 50 megapixels', { cause: error });
  }
  return new PhotoRejectedError('photo could not be decoded as JPEG or PNG', { cause: error });
}

/**
 * Difference hash (dHash) of a 9x8 grey picture given row by row: each pixel is compared with its
 * right neighbour, the bit set when the left one is brighter; 8 comparisons a row, 8 rows, the first
 * comparison the most significant bit. Returned signed (BigInt.asIntN(64, …)).
 */
export function differenceHash(pixels9x8: Uint8Array | Buffer): bigint {
  if (pixels9x8.length !== HASH_WIDTH * HASH_HEIGHT) {
    throw new RangeError(`differenceHash needs ${HASH_WIDTH * HASH_HEIGHT} pixels, got ${pixels9x8.length}`);
  }
  let hash = 0n;
  for (let y = 0; y < HASH_HEIGHT; y += 1) {
    const row = y * HASH_WIDTH;
    for (let x = 0; x < HASH_WIDTH - 1; x += 1) {
      hash = (hash << 1n) | (pixels9x8[row + x] > pixels9x8[row + x + 1] ? 1n : 0n);
    }
  }
  return BigInt.asIntN(HASH_BITS, hash);
}

/** Number of differing bits between two 64-bit hashes (signed or unsigned alike). */
export function hammingDistance(a: bigint, b: bigint): number {
  let rest = BigInt.asUintN(HASH_BITS, a ^ b);
  let count = 0;
  while (rest !== 0n) {
    rest &= rest - 1n;
    count += 1;
  }
  return count;
}

/** Similarity 0 to 100 (one decimal) of two hashes `distance` bits apart. */
export function similarityFromDistance(distance: number): number {
  if (!Number.isInteger(distance) || distance < 0 || distance > HASH_BITS) {
    throw new RangeError(`distance must be an integer from 0 to ${HASH_BITS}, got ${distance}`);
  }
  return Math.round(1000 * (1 - distance / HASH_BITS)) / 10;
}

/**
 * Standard base64 (padding optional), checked character by character: validator's isBase64 regex
 * can exhaust the stack on multi-megabyte photos (seen as a 500 on a 7 MB upload).
 */
export function isBase64Content(value: unknown): boolean {
  if (typeof value !== 'string' || value.length % 4 === 1) return false;
  let end = value.length;
  while (end > 0 && value.length - end < 2 && value.charCodeAt(end - 1) === 0x3d) end -= 1;
  for (let i = 0; i < end; i += 1) {
    const c = value.charCodeAt(i);
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
    if (!ok) return false;
  }
  return true;
}

export const IsBase64Content = (options?: ValidationOptions) => (target: object, property: string) =>
  registerDecorator({ name: 'isBase64Content', target: target.constructor, propertyName: property, options, validator: { validate: isBase64Content } });
