import {
  AccessDeniedException,
  CreateCollectionCommand,
  ImageTooLargeException,
  IndexFacesCommand,
  InvalidImageFormatException,
  InvalidParameterException,
  ProvisionedThroughputExceededException,
  RekognitionClient,
  ResourceNotFoundException,
  SearchFacesByImageCommand,
  ThrottlingException,
} from '@aws-sdk/client-rekognition';
import { mockClient } from 'aws-sdk-client-mock';
import { RecognitionUnavailableError } from '../recognition-provider';
import { createRekognitionClient, RecognitionRejectedError, RekognitionRecognitionProvider } from './rekognition.provider';

const rekognition = mockClient(RekognitionClient);
const COLLECTION = 'photos-test';
const meta = { $metadata: {} };

const photo = (id: string, content = id) => ({ id, bytes: Buffer.from(content), perceptualHash: 0n });
const match = (externalImageId: string, similarity: number) => ({
  Similarity: similarity,
  Face: { FaceId: `face-of-${externalImageId}`, ExternalImageId: externalImageId, Confidence: 99.9 },
});

function provider(threshold = 90): RekognitionRecognitionProvider {
  return new RekognitionRecognitionProvider(new RekognitionClient({ region: 'us-east-1' }), { collectionId: COLLECTION, threshold });
}

const creations = () => rekognition.commandCalls(CreateCollectionCommand).map((call) => call.args[0].input);
const searches = () => rekognition.commandCalls(SearchFacesByImageCommand).map((call) => call.args[0].input);
const indexings = () => rekognition.commandCalls(IndexFacesCommand).map((call) => call.args[0].input);

beforeEach(() => {
  rekognition.reset();
  rekognition.on(CreateCollectionCommand).resolves({ StatusCode: 200 });
  rekognition.on(SearchFacesByImageCommand).resolves({ FaceMatches: [] });
  rekognition.on(IndexFacesCommand).resolves({ FaceRecords: [{ Face: { FaceId: 'new-face' } }] });
});

describe('RekognitionRecognitionProvider', () => {
  it('reports a match with the earlier photo id, then indexes the new photo under its own id', async () => {
    rekognition.on(SearchFacesByImageCommand).resolves({ FaceMatches: [match('earlier-photo', 98.7654)] });
    const outcome = await provider().recognize(photo('4b1c3a52-7f0e-4c1d-9a55-2f5d8c1e0b11', 'jpeg bytes'));
    expect(outcome).toEqual({ recognized: true, similarity: 98.8, matchedPhotoId: 'earlier-photo', reason: 'MATCH' });
    expect(indexings()).toEqual([
      {
        CollectionId: COLLECTION,
        Image: { Bytes: Buffer.from('jpeg bytes') },
        ExternalImageId: '4b1c3a52-7f0e-4c1d-9a55-2f5d8c1e0b11',
        MaxFaces: 1,
        QualityFilter: 'AUTO',
        DetectionAttributes: [],
      },
    ]);
  });

  it('answers NO_MATCH when no earlier face is similar enough, and still indexes the photo', async () => {
    const outcome = await provider().recognize(photo('p2'));
    expect(outcome).toEqual({ recognized: false, similarity: null, matchedPhotoId: null, reason: 'NO_MATCH' });
    expect(indexings().map((i) => i.ExternalImageId)).toEqual(['p2']);
  });

  it('answers NO_FACE for a picture without a face and does not index it', async () => {
    rekognition
      .on(SearchFacesByImageCommand)
      .rejects(new InvalidParameterException({ message: 'There are no faces in the image. Should be at least 1.', ...meta }));
    const outcome = await provider().recognize(photo('p3'));
    expect(outcome).toEqual({ recognized: false, similarity: null, matchedPhotoId: null, reason: 'NO_FACE' });
    expect(indexings()).toHaveLength(0);
  });

  it('ignores its own face, indexed by an earlier attempt whose outcome was lost, and does not index it twice', async () => {
    rekognition.on(SearchFacesByImageCommand).resolves({ FaceMatches: [match('p4', 100), match('other', 96.04)] });
    expect(await provider().recognize(photo('p4'))).toEqual({ recognized: true, similarity: 96, matchedPhotoId: 'other', reason: 'MATCH' });
    expect(indexings()).toHaveLength(0);

    rekognition.on(SearchFacesByImageCommand).resolves({ FaceMatches: [match('p5', 100)] });
    expect(await provider().recognize(photo('p5'))).toMatchObject({ recognized: false, reason: 'NO_MATCH' });
    expect(indexings()).toHaveLength(0);
  });

  it.each([
    ['ThrottlingException', new ThrottlingException({ message: 'Rate exceeded', ...meta })],
    ['ProvisionedThroughputExceededException', new ProvisionedThroughputExceededException({ message: 'Slow down', ...meta })],
    ['AccessDeniedException', new AccessDeniedException({ message: 'not authorized', ...meta })],
    ['TimeoutError', Object.assign(new Error('request timed out'), { name: 'TimeoutError' })],
  ])('throws RecognitionUnavailableError on %s', async (name, error) => {
    rekognition.on(SearchFacesByImageCommand).rejects(error);
    const failure = await provider().recognize(photo('p6', 'secret image bytes')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RecognitionUnavailableError);
    expect((failure as Error).message).toBe(`Rekognition SearchFacesByImage failed: ${name}`);
    expect((failure as Error).cause).toBe(error);
    expect(indexings()).toHaveLength(0);
  });

  it('throws RecognitionUnavailableError when indexing fails, since an unindexed photo would never be matched', async () => {
    rekognition.on(IndexFacesCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }));
    await expect(provider().recognize(photo('p7'))).rejects.toThrow(RecognitionUnavailableError);
    await expect(provider().recognize(photo('p7'))).rejects.toThrow('Rekognition IndexFaces failed: ThrottlingException');
  });

  it.each([
    new InvalidImageFormatException({ message: 'Request has invalid image format', ...meta }),
    new ImageTooLargeException({ message: 'Image size is too large', ...meta }),
    new InvalidParameterException({ message: 'Request has invalid parameters', ...meta }),
  ])('throws RecognitionRejectedError on $name, which no retry fixes', async (error) => {
    rekognition.on(SearchFacesByImageCommand).rejects(error);
    const failure = await provider().recognize(photo('p8')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RecognitionRejectedError);
    expect(failure).toMatchObject({ awsError: error.name, message: `Rekognition SearchFacesByImage rejected the image: ${error.name}` });
    expect(indexings()).toHaveLength(0);
  });

  it('gives up for now when the collection is still missing after creating it again', async () => {
    rekognition.on(SearchFacesByImageCommand).rejects(new ResourceNotFoundException({ message: 'The collection id: photos-test does not exist', ...meta }));
    await expect(provider().recognize(photo('p10'))).rejects.toThrow(RecognitionUnavailableError);
    expect(searches()).toHaveLength(2);
    expect(creations()).toHaveLength(2);
  });

  it('refuses a photo id Rekognition cannot store, without calling it', async () => {
    await expect(provider().recognize(photo('not a valid id'))).rejects.toBeInstanceOf(RecognitionRejectedError);
    expect(rekognition.calls()).toHaveLength(0);
  });

  it('refuses a collection id or threshold Rekognition would reject on every call', () => {
    const client = new RekognitionClient({ region: 'us-east-1' });
    expect(() => new RekognitionRecognitionProvider(client, { collectionId: 'has space', threshold: 90 })).toThrow(/collection id/);
    expect(() => new RekognitionRecognitionProvider(client, { collectionId: COLLECTION, threshold: 101 })).toThrow(/threshold/);
  });
});

describe('createRekognitionClient', () => {
  it('configures region, endpoint and standard retries (timeouts are proven against a server in test/image-recognition)', async () => {
    const client = createRekognitionClient({ region: 'sa-east-1', collectionId: COLLECTION, threshold: 90, endpoint: 'http://127.0.0.1:4566', maxAttempts: 4, timeoutMs: 1500 });
    expect(await client.config.region()).toBe('sa-east-1');
    expect(await client.config.maxAttempts()).toBe(4);
    expect(((await client.config.retryStrategy()) as { mode?: string }).mode).toBe('standard');
    const endpoint = await client.config.endpoint!();
    expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe('http://127.0.0.1:4566');
    client.destroy();
  });
});
