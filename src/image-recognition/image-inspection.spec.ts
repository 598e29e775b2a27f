import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { largePhoto, scenePhoto, truncated, variantOf } from '../../test/support/images';
import {
  differenceHash,
  hammingDistance,
  inspectPhoto,
  isBase64Content,
  MAX_PHOTO_BYTES,
  PhotoRejectedError,
  similarityFromDistance,
  sniffContentType,
} from './image-inspection';

/** 9x8 grey pixels where pixel (x, y) is `value(x, y)`. */
function pixels(value: (x: number, y: number) => number): Uint8Array {
  const out = new Uint8Array(72);
  for (let y = 0; y < 8; y += 1) for (let x = 0; x < 9; x += 1) out[y * 9 + x] = value(x, y);
  return out;
}

async function rejection(bytes: Buffer): Promise<string> {
  const error = await inspectPhoto(bytes).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PhotoRejectedError);
  return (error as PhotoRejectedError).reason;
}

/** A PNG whose header claims `width` x `height` pixels, whatever its data holds. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer());
  // IHDR is the first chunk: length (4) and type (4) at offset 8, data at 16, CRC over type + data.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('sniffContentType', () => {
  it('recognizes JPEG and PNG by their first bytes', async () => {
    expect(sniffContentType(await scenePhoto(1))).toBe('image/jpeg');
    expect(sniffContentType(await scenePhoto(1, { format: 'png' }))).toBe('image/png');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
  });

  it('rejects everything else, whatever it claims to be', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } }).gif().toBuffer();
    expect(sniffContentType(gif)).toBeNull();
    expect(sniffContentType(Buffer.from('GIF89a....'))).toBeNull();
    expect(sniffContentType(Buffer.from('{"photo": "image/jpeg"}'))).toBeNull();
    expect(sniffContentType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
    expect(sniffContentType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a]))).toBeNull();
    expect(sniffContentType(Buffer.concat([Buffer.from(' '), await scenePhoto(1)]))).toBeNull();
  });
});

describe('differenceHash', () => {
  it('is 0 for a flat picture and for rows that only get brighter', () => {
    expect(differenceHash(pixels(() => 128))).toBe(0n);
    expect(differenceHash(pixels((x) => x * 20))).toBe(0n);
  });

  it('sets all 64 bits (-1 signed) when every row gets darker', () => {
    expect(differenceHash(pixels((x, y) => 250 - x * 20 - y))).toBe(-1n);
  });

  it('orders bits row by row, the first comparison the most significant', () => {
    const first = pixels(() => 100);
    first[0] = 101;
    expect(differenceHash(first)).toBe(-(2n ** 63n));
    const last = pixels(() => 100);
    last[71] = 99;
    expect(differenceHash(last)).toBe(1n);
    const secondRow = pixels(() => 100);
    secondRow[9] = 200;
    expect(differenceHash(secondRow)).toBe(1n << 55n);
  });

  it('accepts a Buffer and stays within the signed 64-bit range', () => {
    const hash = differenceHash(Buffer.from(pixels((x, y) => ((x * 37 + y * 91) * 13) % 256)));
    expect(hash).toBe(BigInt.asIntN(64, hash));
  });

  it('refuses anything but 72 pixels', () => {
    expect(() => differenceHash(new Uint8Array(64))).toThrow(RangeError);
    expect(() => differenceHash(new Uint8Array(73))).toThrow(RangeError);
  });
});

describe('hammingDistance', () => {
  it('counts differing bits', () => {
    expect(hammingDistance(0n, 0n)).toBe(0);
    expect(hammingDistance(5n, 6n)).toBe(2);
    expect(hammingDistance(0n, -1n)).toBe(64);
    expect(hammingDistance(-1n, 2n ** 63n - 1n)).toBe(1);
    expect(hammingDistance(-(2n ** 63n), 0n)).toBe(1);
    expect(hammingDistance(0x0f0fn, 0xf0f0n)).toBe(16);
  });

  it('is symmetric and treats signed and unsigned forms of a hash alike', () => {
    const a = BigInt.asIntN(64, 0x8123456789abcdefn);
    const b = 0x0123456789abcdeen;
    expect(hammingDistance(a, b)).toBe(2);
    expect(hammingDistance(b, a)).toBe(2);
    expect(hammingDistance(a, BigInt.asUintN(64, a))).toBe(0);
  });
});

describe('similarityFromDistance', () => {
  it.each([
    [0, 100],
    [1, 98.4],
    [4, 93.8],
    [6, 90.6],
    [7, 89.1],
    [10, 84.4],
    [16, 75],
    [32, 50],
    [48, 25],
    [63, 1.6],
    [64, 0],
  ])('distance %i is similarity %d', (distance, similarity) => {
    expect(similarityFromDistance(distance)).toBe(similarity);
  });

  it('refuses distances a 64-bit hash cannot have', () => {
    expect(() => similarityFromDistance(-1)).toThrow(RangeError);
    expect(() => similarityFromDistance(65)).toThrow(RangeError);
    expect(() => similarityFromDistance(1.5)).toThrow(RangeError);
    expect(() => similarityFromDistance(Number.NaN)).toThrow(RangeError);
  });
});

describe('inspectPhoto', () => {
  it('accepts a JPEG and reports its type, size, digest and hash', async () => {
    const bytes = await scenePhoto(1);
    const photo = await inspectPhoto(bytes);
    expect(photo).toEqual({
      contentType: 'image/jpeg',
      width: 640,
      height: 480,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      perceptualHash: expect.any(BigInt),
    });
    expect(photo.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(photo.perceptualHash).toBe(BigInt.asIntN(64, photo.perceptualHash));
    expect((await inspectPhoto(Buffer.from(bytes))).perceptualHash).toBe(photo.perceptualHash);
  });

  it('accepts a PNG, with or without an alpha channel', async () => {
    const bytes = await scenePhoto(2, { format: 'png', width: 320, height: 200 });
    const photo = await inspectPhoto(bytes);
    expect(photo).toMatchObject({ contentType: 'image/png', width: 320, height: 200 });
    expect(photo.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const withAlpha = await sharp(bytes).ensureAlpha(1).png().toBuffer();
    expect((await sharp(withAlpha).metadata()).channels).toBe(4);
    const opaque = await inspectPhoto(withAlpha);
    expect(opaque).toMatchObject({ contentType: 'image/png', width: 320, height: 200 });
    expect(hammingDistance(opaque.perceptualHash, photo.perceptualHash)).toBeLessThanOrEqual(4);
  });

  it('accepts a 16-bit PNG', async () => {
    const bytes = await sharp(await scenePhoto(3, { format: 'png' })).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(bytes).metadata()).depth).toBe('ushort');
    const photo = await inspectPhoto(bytes);
    expect(photo).toMatchObject({ contentType: 'image/png', width: 640, height: 480 });
    expect(hammingDistance(photo.perceptualHash, (await inspectPhoto(await scenePhoto(3))).perceptualHash)).toBeLessThanOrEqual(4);
  });

  it('applies the EXIF orientation before hashing and reports the size as displayed', async () => {
    const original = await scenePhoto(4);
    // Orientation 6: the stored pixels are turned a quarter left and must be turned right to display.
    const stored = await sharp(original).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
    const storedMetadata = await sharp(stored).metadata();
    expect(storedMetadata).toMatchObject({ orientation: 6, width: 480, height: 640 });

    const photo = await inspectPhoto(stored);
    expect(photo).toMatchObject({ width: 640, height: 480 });
    expect(hammingDistance(photo.perceptualHash, (await inspectPhoto(original)).perceptualHash)).toBeLessThanOrEqual(4);
  });

  it('recognizes the same scene resized, re-compressed or re-encoded (distance at most 4)', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const original = await scenePhoto(seed);
      const hash = (await inspectPhoto(original)).perceptualHash;
      const variants = [
        await variantOf(original, { width: 320, quality: 60 }),
        await variantOf(original, { width: 1600, quality: 40 }),
        await variantOf(original, { width: 120, quality: 25 }),
        await variantOf(original, { format: 'png' }),
        await scenePhoto(seed, { width: 1280, height: 960, format: 'png' }),
        await scenePhoto(seed, { width: 500, height: 400, quality: 30 }),
      ];
      for (const variant of variants) {
        expect(hammingDistance((await inspectPhoto(variant)).perceptualHash, hash)).toBeLessThanOrEqual(4);
      }
    }
  });

  it('tells different scenes apart (distance at least 16)', async () => {
    const hashes = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(async (seed) => (await inspectPhoto(await scenePhoto(seed))).perceptualHash));
    for (let i = 0; i < hashes.length; i += 1) {
      for (let j = i + 1; j < hashes.length; j += 1) {
        expect(hammingDistance(hashes[i], hashes[j])).toBeGreaterThanOrEqual(16);
      }
    }
  });

  it('rejects an empty photo', async () => {
    expect(await rejection(Buffer.alloc(0))).toBe('photo is empty');
  });

  it('rejects anything that is not a JPEG or PNG by content', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } }).gif().toBuffer();
    const webp = await sharp(await scenePhoto(1)).webp().toBuffer();
    expect(await rejection(gif)).toBe('photo must be a JPEG or PNG image');
    expect(await rejection(webp)).toBe('photo must be a JPEG or PNG image');
    expect(await rejection(Buffer.from('not a picture at all'))).toBe('photo must be a JPEG or PNG image');
  });

  it('rejects truncated and corrupt photos', async () => {
    const reason = 'photo could not be decoded as JPEG or PNG';
    expect(await rejection(truncated(await scenePhoto(1)))).toBe(reason);
    expect(await rejection(truncated(await scenePhoto(1, { format: 'png' })))).toBe(reason);
    expect(await rejection(Buffer.from([0xff, 0xd8, 0xff]))).toBe(reason);
    expect(await rejection(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x41)]))).toBe(reason);
    expect(await rejection(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]))).toBe(reason);

    const png = Buffer.from(await scenePhoto(1, { format: 'png' }));
    png[png.length >> 1] ^= 0xff;
    expect(await rejection(png)).toBe(reason);
  });

  it('rejects photos over 5 MB and accepts one just under', async () => {
    const over = await largePhoto(MAX_PHOTO_BYTES);
    expect(over.length).toBeGreaterThan(MAX_PHOTO_BYTES);
    expect(await rejection(over)).toBe('photo must be at most 5 MB');

    const under = await largePhoto(MAX_PHOTO_BYTES - 8 * 1024);
    expect(under.length).toBeLessThanOrEqual(MAX_PHOTO_BYTES);
    await expect(inspectPhoto(under)).resolves.toMatchObject({ contentType: 'image/png', width: 1024 });
  });

  it('rejects a decompression bomb by the pixel count its header claims', async () => {
    expect(await rejection(await pngClaiming(10_000, 10_000))).toBe('photo must be at most 50 megapixels');
    expect(await rejection(await pngClaiming(64, 64))).toBe('photo could not be decoded as JPEG or PNG');
    await expect(inspectPhoto(await pngClaiming(4, 4))).resolves.toMatchObject({ width: 4, height: 4 });
  });
});

describe('isBase64Content', () => {
  it.each([
    ['', true],
    ['QUJD', true],
    ['QUI=', true],
    ['QQ==', true],
    ['QUJ', true],
    ['Q', false],
    ['QU*D', false],
    ['QUJD\n', false],
    ['QQ===', false],
  ])('%p is %p', (value, expected) => expect(isBase64Content(value)).toBe(expected));

  it('checks multi-megabyte content without exhausting the stack, even from deep in it', () => {
    const big = randomBytes(8 * 1024 * 1024).toString('base64');
    const deep = (depth: number): boolean => (depth === 0 ? isBase64Content(big) && !isBase64Content(`${big}*`) : deep(depth - 1));
    expect(deep(5000)).toBe(true);
  });
});
