import {
  CreateCollectionCommand,
  FaceMatch,
  IndexFacesCommand,
  RekognitionClient,
  RekognitionClientConfig,
  SearchFacesByImageCommand,
  SearchFacesByImageCommandOutput,
} from '@aws-sdk/client-rekognition';
import { PhotoToRecognize, RecognitionOutcome, RecognitionProvider, RecognitionUnavailableError } from '../recognition-provider';

export interface RekognitionOptions {
  region: string;
  collectionId: string;
  /** Lowest similarity (0 to 100) Rekognition reports as a match. */
  threshold: number;
  /** Another Rekognition-compatible server (LocalStack, a local fake); the AWS endpoint when absent. */
  endpoint?: string;
  /** Attempts per call, the first included, before the provider gives up for now. */
  maxAttempts: number;
  /** Limit for connecting and for each attempt's whole request and response. */
  timeoutMs: number;
  /** Fixed credentials (tests, local servers); the SDK's default chain (environment, profile, instance role) when absent. */
  credentials?: RekognitionClientConfig['credentials'];
}

export function createRekognitionClient(options: RekognitionOptions): RekognitionClient {
  return new RekognitionClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Standard mode retries throttling (ThrottlingException, ProvisionedThroughputExceededException),
    // 5xx, network errors and timeouts with jittered backoff, within a retry quota shared by the client.
    retryMode: 'standard',
    maxAttempts: options.maxAttempts,
    requestHandler: {
      connectionTimeout: options.timeoutMs,
      requestTimeout: options.timeoutMs,
      // Without it an exceeded requestTimeout is only logged and the call waits on.
      throwOnRequestTimeout: true,
    },
  });
}

/**
 * Rekognition refused this image for good (unreadable format, too large, parameters it rejects):
 * sending it again gives the same answer, so the caller marks the photo failed instead of
 * retrying. `awsError` is Rekognition's error name.
 */
export class RecognitionRejectedError extends Error {
  constructor(
    readonly awsError: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RecognitionRejectedError';
  }
}

/** Errors that belong to the image itself; anything else is transient or fixed by an operator. */
const REJECTED_IMAGE_ERRORS = new Set(['InvalidImageFormatException', 'ImageTooLargeException', 'InvalidParameterException']);
/** Rekognition's InvalidParameterException for a picture without a face ("There are no faces in the image..."). */
const NO_FACE_MESSAGE = /no faces? in the image/i;
/** Rekognition's patterns for collection and external image ids. */
const COLLECTION_ID = /^[a-zA-Z0-9_.-]{1,255}$/;
const EXTERNAL_IMAGE_ID = /^[a-zA-Z0-9_.\-:]{1,255}$/;
/**
 * More than one match is asked for so that the photo's own face can be skipped: it is already in
 * the collection when an earlier attempt indexed it but its outcome was never stored.
 */
const SEARCH_MAX_FACES = 5;

/**
 * Amazon Rekognition face search: each photo is searched in one collection, then its face is
 * indexed there under the photo id (ExternalImageId), so later photos of the same person match it.
 */
export class RekognitionRecognitionProvider extends RecognitionProvider {
  readonly name = 'rekognition' as const;
  private collectionReady?: Promise<void>;

  constructor(
    private readonly client: RekognitionClient,
    private readonly options: { collectionId: string; threshold: number },
  ) {
    super();
    // Configuration mistakes fail at start-up rather than as InvalidParameterException on every photo.
    if (!COLLECTION_ID.test(options.collectionId)) throw new Error(`Rekognition collection id must match ${COLLECTION_ID.source}`);
    if (!Number.isFinite(options.threshold) || options.threshold < 0 || options.threshold > 100) throw new Error('Rekognition threshold must be between 0 and 100');
  }

  async recognize(photo: PhotoToRecognize): Promise<RecognitionOutcome> {
    if (!EXTERNAL_IMAGE_ID.test(photo.id)) {
      throw new RecognitionRejectedError('InvalidParameterException', 'Photo id cannot be a Rekognition ExternalImageId');
    }
    let search: SearchFacesByImageCommandOutput;
    try {
      search = await this.inCollection(() =>
        this.client.send(
          new SearchFacesByImageCommand({
            CollectionId: this.options.collectionId,
            Image: { Bytes: photo.bytes },
            FaceMatchThreshold: this.options.threshold,
            MaxFaces: SEARCH_MAX_FACES,
          }),
        ),
      );
    } catch (error) {
      if (errorName(error) === 'InvalidParameterException' && NO_FACE_MESSAGE.test(errorMessage(error))) {
        // Nothing to compare, and nothing worth indexing: later photos could never match it.
        return { recognized: false, similarity: null, matchedPhotoId: null, reason: 'NO_FACE' };
      }
      throw classify('SearchFacesByImage', error);
    }

    const matches = search.FaceMatches ?? [];
    const alreadyIndexed = matches.some((m) => m.Face?.ExternalImageId === photo.id);
    const best = matches
      .filter((m) => m.Face?.ExternalImageId && m.Face.ExternalImageId !== photo.id)
      .reduce<FaceMatch | undefined>((top, m) => ((m.Similarity ?? 0) > (top?.Similarity ?? -1) ? m : top), undefined);

    if (!alreadyIndexed) await this.index(photo);

    if (!best) return { recognized: false, similarity: null, matchedPhotoId: null, reason: 'NO_MATCH' };
    return {
      recognized: true,
      similarity: Math.round((best.Similarity ?? 0) * 10) / 10,
      matchedPhotoId: best.Face!.ExternalImageId!,
      reason: 'MATCH',
    };
  }

  /**
   * A photo whose face is not indexed would never match later ones, so a failure here fails the
   * whole recognition and the photo is tried again (its search then finds nothing new).
   */
  private async index(photo: PhotoToRecognize): Promise<void> {
    try {
      await this.inCollection(() =>
        this.client.send(
          new IndexFacesCommand({
            CollectionId: this.options.collectionId,
            Image: { Bytes: photo.bytes },
            ExternalImageId: photo.id,
            MaxFaces: 1,
            QualityFilter: 'AUTO',
            DetectionAttributes: [],
          }),
        ),
      );
    } catch (error) {
      throw classify('IndexFaces', error);
    }
  }

  /** Runs a call on the collection; when the collection was deleted meanwhile, creates it again and retries once. */
  private async inCollection<T>(call: () => Promise<T>): Promise<T> {
    await this.ensureCollection();
    try {
      return await call();
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw error;
      this.collectionReady = undefined;
      await this.ensureCollection();
      return call();
    }
  }

  /**
   * CreateCollection, with ResourceAlreadyExistsException taken as success: one call instead of
   * DescribeCollection then CreateCollection, and no race when several processes start at once.
   * Memoized so concurrent photos share it; forgotten on failure so a later photo tries again.
   */
  private ensureCollection(): Promise<void> {
    this.collectionReady ??= this.client
      .send(new CreateCollectionCommand({ CollectionId: this.options.collectionId }))
      .then(
        () => undefined,
        (error: unknown) => {
          if (errorName(error) === 'ResourceAlreadyExistsException') return;
          this.collectionReady = undefined;
          // Nothing in the photo makes a collection unavailable: an operator or time fixes it.
          throw new RecognitionUnavailableError(`Rekognition CreateCollection failed: ${errorName(error)}`, { cause: error });
        },
      );
    return this.collectionReady;
  }
}

/**
 * Image errors are permanent for this photo; everything else (throttling and 5xx left after the
 * SDK's retries, network errors, timeouts, AccessDenied, missing credentials, quotas) is fixed by
 * time or an operator, so the photo waits. Messages carry the error name only, never image data.
 */
function classify(operation: string, error: unknown): Error {
  if (error instanceof RecognitionUnavailableError || error instanceof RecognitionRejectedError) return error;
  const name = errorName(error);
  if (REJECTED_IMAGE_ERRORS.has(name)) return new RecognitionRejectedError(name, `Rekognition ${operation} rejected the image: ${name}`, { cause: error });
  return new RecognitionUnavailableError(`Rekognition ${operation} failed: ${name}`, { cause: error });
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : '';
}
