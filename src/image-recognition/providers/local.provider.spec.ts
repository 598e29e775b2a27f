import { hammingDistance } from '../image-inspection';
import { PhotoHashIndex, RecognitionUnavailableError } from '../recognition-provider';
import { LocalRecognitionProvider } from './local.provider';

/** The index over an array, nearest by Hamming distance (earliest photo first on a tie). */
class InMemoryPhotoHashIndex extends PhotoHashIndex {
  readonly photos: { id: string; perceptualHash: bigint }[] = [];

  add(id: string, perceptualHash: bigint): void {
    this.photos.push({ id, perceptualHash });
  }

  async nearest(perceptualHash: bigint, excludePhotoId: string): Promise<{ photoId: string; distance: number } | null> {
    let best: { photoId: string; distance: number } | null = null;
    for (const photo of this.photos) {
      if (photo.id === excludePhotoId) continue;
      const distance = hammingDistance(perceptualHash, photo.perceptualHash);
      if (best === null || distance < best.distance) best = { photoId: photo.id, distance };
    }
    return best;
  }
}

class FailingPhotoHashIndex extends PhotoHashIndex {
  constructor(private readonly error: Error) {
    super();
  }

  async nearest(): Promise<never> {
    throw this.error;
  }
}

/** `hash` with its lowest `bits` bits flipped. */
function flip(hash: bigint, bits: number): bigint {
  return BigInt.asIntN(64, hash ^ ((1n << BigInt(bits)) - 1n));
}

const BASE = BigInt.asIntN(64, 0xa5c3_0f96_1e2d_7b48n);
const photo = (id: string, perceptualHash: bigint) => ({ id, bytes: Buffer.from([0xff, 0xd8, 0xff]), perceptualHash });

describe('LocalRecognitionProvider', () => {
  let index: InMemoryPhotoHashIndex;

  beforeEach(() => {
    index = new InMemoryPhotoHashIndex();
  });

  it('is the local provider', () => {
    expect(new LocalRecognitionProvider(index, { threshold: 90 }).name).toBe('local');
  });

  it('reports NO_MATCH without a similarity when there is no earlier photo', async () => {
    const provider = new LocalRecognitionProvider(index, { threshold: 90 });
    await expect(provider.recognize(photo('p1', BASE))).resolves.toEqual({
      recognized: false,
      similarity: null,
      matchedPhotoId: null,
      reason: 'NO_MATCH',
    });
  });

  it('recognizes an identical picture with similarity 100', async () => {
    index.add('p1', BASE);
    const provider = new LocalRecognitionProvider(index, { threshold: 90 });
    await expect(provider.recognize(photo('p2', BASE))).resolves.toEqual({
      recognized: true,
      similarity: 100,
      matchedPhotoId: 'p1',
      reason: 'MATCH',
    });
  });

  it('recognizes exactly at the threshold and not one bit further', async () => {
    // 6 bits apart is similarity 90.6, 7 bits 89.1.
    const provider = new LocalRecognitionProvider(index, { threshold: 90.6 });
    index.add('p1', BASE);

    await expect(provider.recognize(photo('p2', flip(BASE, 6)))).resolves.toEqual({
      recognized: true,
      similarity: 90.6,
      matchedPhotoId: 'p1',
      reason: 'MATCH',
    });
    await expect(provider.recognize(photo('p3', flip(BASE, 7)))).resolves.toEqual({
      recognized: false,
      similarity: 89.1,
      matchedPhotoId: null,
      reason: 'NO_MATCH',
    });
  });

  it('reports the best similarity and the nearest photo among several', async () => {
    index.add('far', flip(BASE, 30));
    index.add('near', flip(BASE, 2));
    index.add('middle', flip(BASE, 10));
    const provider = new LocalRecognitionProvider(index, { threshold: 95 });

    await expect(provider.recognize(photo('new', BASE))).resolves.toEqual({
      recognized: true,
      similarity: 96.9,
      matchedPhotoId: 'near',
      reason: 'MATCH',
    });
    await expect(new LocalRecognitionProvider(index, { threshold: 97 }).recognize(photo('new', BASE))).resolves.toEqual({
      recognized: false,
      similarity: 96.9,
      matchedPhotoId: null,
      reason: 'NO_MATCH',
    });
  });

  it('never matches the photo with itself', async () => {
    const provider = new LocalRecognitionProvider(index, { threshold: 90 });
    index.add('p1', BASE);
    await expect(provider.recognize(photo('p1', BASE))).resolves.toMatchObject({ recognized: false, similarity: null, reason: 'NO_MATCH' });

    index.add('p2', flip(BASE, 40));
    await expect(provider.recognize(photo('p1', BASE))).resolves.toEqual({
      recognized: false,
      similarity: 37.5,
      matchedPhotoId: null,
      reason: 'NO_MATCH',
    });
  });

  it('handles hashes across the whole signed range', async () => {
    index.add('min', -(2n ** 63n));
    const provider = new LocalRecognitionProvider(index, { threshold: 98 });
    await expect(provider.recognize(photo('max', 2n ** 63n - 1n))).resolves.toMatchObject({ similarity: 0, recognized: false });
    await expect(provider.recognize(photo('zero', 0n))).resolves.toEqual({
      recognized: true,
      similarity: 98.4,
      matchedPhotoId: 'min',
      reason: 'MATCH',
    });
  });

  it('answers RecognitionUnavailableError, with the cause, when the index fails', async () => {
    const failure = new Error('connection terminated unexpectedly');
    const provider = new LocalRecognitionProvider(new FailingPhotoHashIndex(failure), { threshold: 90 });
    const error = await provider.recognize(photo('p1', BASE)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RecognitionUnavailableError);
    expect((error as RecognitionUnavailableError).cause).toBe(failure);
  });

  it('refuses a threshold outside 0 to 100', () => {
    expect(() => new LocalRecognitionProvider(index, { threshold: -1 })).toThrow(RangeError);
    expect(() => new LocalRecognitionProvider(index, { threshold: 100.5 })).toThrow(RangeError);
    expect(() => new LocalRecognitionProvider(index, { threshold: Number.NaN })).toThrow(RangeError);
    expect(() => new LocalRecognitionProvider(index, { threshold: 0 })).not.toThrow();
    expect(() => new LocalRecognitionProvider(index, { threshold: 100 })).not.toThrow();
  });
});
