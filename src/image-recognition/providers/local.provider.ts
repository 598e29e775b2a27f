import { similarityFromDistance } from '../image-inspection';
import {
  PhotoHashIndex,
  PhotoToRecognize,
  RecognitionOutcome,
  RecognitionProvider,
  RecognitionUnavailableError,
} from '../recognition-provider';

export interface LocalRecognitionOptions {
  /** Lowest similarity (0 to 100) at which an earlier photo counts as the same picture. */
  threshold: number;
}

/**
 * Offline provider: compares the photo's 64-bit difference hash with those of earlier photos and
 * reports the nearest one. It recognizes the same scene, or a picture sent again (re-compressed,
 * resized), not faces; it never answers NO_FACE.
 *
 * Remembering the photo for later comparisons needs nothing here: its hash is stored with the
 * photo's row by the caller, which is where the index looks.
 */
export class LocalRecognitionProvider extends RecognitionProvider {
  readonly name = 'local' as const;
  private readonly threshold: number;

  constructor(
    private readonly index: PhotoHashIndex,
    options: LocalRecognitionOptions,
  ) {
    super();
    if (!Number.isFinite(options.threshold) || options.threshold < 0 || options.threshold > 100) {
      throw new RangeError(`threshold must be from 0 to 100, got ${options.threshold}`);
    }
    this.threshold = options.threshold;
  }

  async recognize(photo: PhotoToRecognize): Promise<RecognitionOutcome> {
    let nearest: { photoId: string; distance: number } | null;
    try {
      nearest = await this.index.nearest(photo.perceptualHash, photo.id);
    } catch (error) {
      throw new RecognitionUnavailableError('photo hash index lookup failed', { cause: error });
    }
    if (nearest === null) {
      return { recognized: false, similarity: null, matchedPhotoId: null, reason: 'NO_MATCH' };
    }
    const similarity = similarityFromDistance(nearest.distance);
    if (similarity >= this.threshold) {
      return { recognized: true, similarity, matchedPhotoId: nearest.photoId, reason: 'MATCH' };
    }
    return { recognized: false, similarity, matchedPhotoId: null, reason: 'NO_MATCH' };
  }
}
