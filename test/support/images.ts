import sharp from 'sharp';
import { seededRandom } from './random';

/**
 * Deterministic synthetic photos for recognition tests, built with sharp on the fly so no binary
 * fixtures are kept in the repository.
 */

export interface ScenePhotoOptions {
  format?: 'jpeg' | 'png';
  width?: number;
  height?: number;
  /** JPEG quality, 1 to 100 (ignored for PNG). */
  quality?: number;
}

/** Columns and rows of the scene's block grid: the same grid the difference hash samples. */
const GRID_COLUMNS = 9;
const GRID_ROWS = 8;

/**
 * Grey levels of the scene's blocks, row by row. Each row is a walk in which every step goes up or
 * down (chosen by the seed) by 30 to 80 levels, so neighbouring blocks always differ clearly and
 * two seeds agree on about half of the left/right comparisons.
 */
function sceneLevels(seed: number): number[] {
  const random = seededRandom(seed);
  const levels: number[] = [];
  for (let row = 0; row < GRID_ROWS; row += 1) {
    let level = 40 + Math.floor(random() * 176);
    levels.push(level);
    for (let column = 1; column < GRID_COLUMNS; column += 1) {
      const step = 30 + Math.floor(random() * 51);
      let next = random() < 0.5 ? level - step : level + step;
      if (next < 24 || next > 232) next = next < 24 ? level + step : level - step;
      level = next;
      levels.push(level);
    }
  }
  return levels;
}

/**
 * A picture whose large-scale structure depends on `seed`: a 9x8 grid of tinted grey blocks with a
 * faint shading. Different seeds give clearly different difference hashes; the same seed at another
 * size, quality or format gives nearly the same one. Default 640x480 JPEG at quality 85.
 */
export async function scenePhoto(seed: number, options: ScenePhotoOptions = {}): Promise<Buffer> {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const levels = sceneLevels(seed);
  const random = seededRandom(seed ^ 0x5eed);
  const tint = [Math.floor(random() * 17) - 8, Math.floor(random() * 17) - 8, Math.floor(random() * 17) - 8];

  const columnOf = new Uint8Array(width);
  for (let x = 0; x < width; x += 1) columnOf[x] = Math.floor((x * GRID_COLUMNS) / width);
  const pixels = Buffer.alloc(width * height * 3);
  let offset = 0;
  for (let y = 0; y < height; y += 1) {
    const rowStart = Math.floor((y * GRID_ROWS) / height) * GRID_COLUMNS;
    const shade = Math.round((6 * y) / height);
    for (let x = 0; x < width; x += 1) {
      const level = levels[rowStart + columnOf[x]] + shade;
      pixels[offset] = level + tint[0];
      pixels[offset + 1] = level + tint[1];
      pixels[offset + 2] = level + tint[2];
      offset += 3;
    }
  }

  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  return options.format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: options.quality ?? 85 }).toBuffer();
}

/**
 * The same picture sent again: resized (to `width`, keeping its proportions) and/or re-encoded.
 * The format defaults to the original's.
 */
export async function variantOf(bytes: Buffer, options: { width?: number; quality?: number; format?: 'jpeg' | 'png' }): Promise<Buffer> {
  let image = sharp(bytes);
  const format = options.format ?? ((await image.metadata()).format === 'png' ? 'png' : 'jpeg');
  if (options.width !== undefined) image = image.resize({ width: options.width });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: options.quality ?? 85 }).toBuffer();
}

/**
 * A valid PNG of seeded random noise (which does not compress) a little over `targetBytes` long:
 * at most one pixel row (about 3 KB) more.
 */
export async function largePhoto(targetBytes: number): Promise<Buffer> {
  const width = 1024;
  const rowBytes = width * 3 + 1;
  let height = Math.max(1, Math.ceil(targetBytes / rowBytes));
  let png = await noisePng(width, height);
  const excessRows = Math.floor((png.length - targetBytes - 1) / rowBytes);
  if (excessRows > 0 && height > excessRows) {
    height -= excessRows;
    png = await noisePng(width, height);
  }
  while (png.length <= targetBytes) {
    height += 1;
    png = await noisePng(width, height);
  }
  return png;
}

async function noisePng(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, Math.floor(pixels.length / 4));
  let state = 0x9e3779b9;
  for (let i = 0; i < words.length; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 0, adaptiveFiltering: false }).toBuffer();
}

/** The first half of `bytes`: a photo cut off in transfer. */
export function truncated(bytes: Buffer): Buffer {
  return Buffer.from(bytes.subarray(0, Math.floor(bytes.length / 2)));
}
