/**
 * The contract every photo-recognition provider fulfils. A provider compares a new photo with the
 * photos it was given before and remembers the new one for later comparisons. Which provider runs
 * is configuration (RECOGNITION_PROVIDER); the photo service never knows which one it talks to.
 */
export interface PhotoToRecognize {
  /** The stored photo's id (also its external id at the provider). */
  id: string;
  /** JPEG or PNG bytes, at most 5 MB, already checked by content. */
  bytes: Buffer;
  /** 64-bit difference hash of the picture (signed, as PostgreSQL's bigint stores it). */
  perceptualHash: bigint;
}

/** MATCH: an earlier photo is similar enough; NO_MATCH: none is; NO_FACE: nothing to compare (Rekognition). */
export type RecognitionReason = 'MATCH' | 'NO_MATCH' | 'NO_FACE';

export interface RecognitionOutcome {
  recognized: boolean;
  /** Best similarity found, 0 to 100, or null when the provider reports none. */
  similarity: number | null;
  /** The earlier photo that matched (its id), when recognized. */
  matchedPhotoId: string | null;
  reason: RecognitionReason;
}

export type ProviderName = 'local' | 'rekognition';

export abstract class RecognitionProvider {
  abstract readonly name: ProviderName;
  /**
   * Compares the photo with earlier ones, then adds it to what later photos are compared with.
   * Throws RecognitionUnavailableError when the provider cannot answer now (network, throttling
   * after retries, service errors): the photo is kept PENDING and recognized later.
   */
  abstract recognize(photo: PhotoToRecognize): Promise<RecognitionOutcome>;
}

/** The provider could not answer; the reason is for logs, never for clients. */
export class RecognitionUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecognitionUnavailableError';
  }
}

/** Where the local provider finds the hashes of earlier photos (the photos table). */
export abstract class PhotoHashIndex {
  /** The earlier photo whose hash is nearest (fewest differing bits), other than `excludePhotoId`. */
  abstract nearest(perceptualHash: bigint, excludePhotoId: string): Promise<{ photoId: string; distance: number } | null>;
}
