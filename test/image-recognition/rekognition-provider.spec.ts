import { randomUUID } from 'node:crypto';
import { ListCollectionsCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { RecognitionUnavailableError } from '../../src/image-recognition/recognition-provider';
import { createRekognitionClient, RecognitionRejectedError, RekognitionOptions, RekognitionRecognitionProvider } from '../../src/image-recognition/providers/rekognition.provider';
import { FakeRekognition } from '../support/fake-rekognition';

const COLLECTION = 'benefits-photos-test';

/** Pictures are named "<person>-<n>". */
const personIn = (bytes: Buffer): string => bytes.toString().replace(/-\d+$/, '');
const photo = (picture: string) => ({ id: randomUUID(), bytes: Buffer.from(picture), perceptualHash: 0n });

describe('RekognitionRecognitionProvider against a Rekognition-compatible server, through the AWS SDK', () => {
  let fake: FakeRekognition;
  let clients: RekognitionClient[];

  const providerFor = (overrides: Partial<RekognitionOptions> = {}) => {
    const options: RekognitionOptions = {
      region: 'us-east-1',
      collectionId: COLLECTION,
      threshold: 90,
      endpoint,
      maxAttempts: 3,
      timeoutMs: 2000,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      ...overrides,
    };
    const client = createRekognitionClient(options);
    clients.push(client);
    return new RekognitionRecognitionProvider(client, options);
  };
  let endpoint: string;

  beforeEach(async () => {
    fake = new FakeRekognition();
    fake.faceOf = personIn;
    endpoint = await fake.start();
    clients = [];
  });

  afterEach(async () => {
    clients.forEach((c) => c.destroy());
    await fake.stop();
  });

  it('creates the collection when it is missing, once for several photos, also for photos at the same time', async () => {
    const provider = providerFor();
    expect(fake.collections.size).toBe(0);
    await Promise.all([provider.recognize(photo('ana-1')), provider.recognize(photo('bia-1'))]);
    await provider.recognize(photo('caio-1'));
    expect([...fake.collections.keys()]).toEqual([COLLECTION]);
    expect(fake.callsOf('CreateCollection')).toHaveLength(1);
    expect(fake.callsOf('SearchFacesByImage')).toHaveLength(3);
    expect(fake.collections.get(COLLECTION)!.faces).toHaveLength(3);
  });

  it('accepts a collection that exists already', async () => {
    await providerFor().recognize(photo('ana-1'));
    const restarted = providerFor();
    expect(await restarted.recognize(photo('ana-2'))).toMatchObject({ reason: 'MATCH' });
    expect(fake.callsOf('CreateCollection')).toHaveLength(2);
    expect(fake.collections.get(COLLECTION)!.faces).toHaveLength(2);
    // Taken as created: the next photo does not try again.
    await restarted.recognize(photo('bia-1'));
    expect(fake.callsOf('CreateCollection')).toHaveLength(2);
  });

  it('matches a later photo of the same person with the first one, and not a photo of someone else', async () => {
    const provider = providerFor();
    const first = photo('ana-1');
    expect(await provider.recognize(first)).toEqual({ recognized: false, similarity: null, matchedPhotoId: null, reason: 'NO_MATCH' });
    expect(fake.collections.get(COLLECTION)!.faces.map((f) => f.externalImageId)).toEqual([first.id]);

    expect(await provider.recognize(photo('ana-2'))).toEqual({ recognized: true, similarity: 99.2, matchedPhotoId: first.id, reason: 'MATCH' });
    expect(await provider.recognize(photo('bruno-1'))).toEqual({ recognized: false, similarity: null, matchedPhotoId: null, reason: 'NO_MATCH' });
    expect(fake.collections.get(COLLECTION)!.faces).toHaveLength(3);
  });

  it('reports no match below the threshold', async () => {
    const provider = providerFor({ threshold: 99.5 });
    await provider.recognize(photo('ana-1'));
    expect(await provider.recognize(photo('ana-2'))).toMatchObject({ recognized: false, reason: 'NO_MATCH' });
    expect(fake.callsOf('SearchFacesByImage').map((c) => (c.body as { FaceMatchThreshold: number }).FaceMatchThreshold)).toEqual([99.5, 99.5]);
  });

  it('sends SigV4-signed JSON 1.1 requests with the image in base64 and the photo id as ExternalImageId', async () => {
    const picture = photo('ana-1');
    await providerFor().recognize(picture);
    expect(fake.calls.map((c) => c.operation)).toEqual(['CreateCollection', 'SearchFacesByImage', 'IndexFaces']);
    for (const call of fake.calls) {
      expect(call.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/rekognition\/aws4_request,/);
      expect(call.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(call.headers['x-amz-target']).toBe(`RekognitionService.${call.operation}`);
    }
    const image = { Bytes: picture.bytes.toString('base64') };
    expect(fake.callsOf('SearchFacesByImage')[0].body).toEqual({ CollectionId: COLLECTION, Image: image, FaceMatchThreshold: 90, MaxFaces: 5 });
    expect(fake.callsOf('IndexFaces')[0].body).toEqual({ CollectionId: COLLECTION, Image: image, ExternalImageId: picture.id, MaxFaces: 1, QualityFilter: 'AUTO', DetectionAttributes: [] });
  });

  it('answers correctly after one throttled search, which the SDK retried: two calls for the photo', async () => {
    const provider = providerFor();
    const first = photo('ana-1');
    await provider.recognize(first);
    fake.failNext('SearchFacesByImage', 1);
    const before = fake.callsOf('SearchFacesByImage').length;
    expect(await provider.recognize(photo('ana-2'))).toEqual({ recognized: true, similarity: 99.2, matchedPhotoId: first.id, reason: 'MATCH' });
    expect(fake.callsOf('SearchFacesByImage').length - before).toBe(2);
    expect(fake.collections.get(COLLECTION)!.faces).toHaveLength(2);
  });

  it('is unavailable when throttling outlasts the SDK retries, and indexes nothing', async () => {
    const provider = providerFor();
    fake.failNext('SearchFacesByImage', 3);
    const failure = await provider.recognize(photo('ana-1')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RecognitionUnavailableError);
    expect((failure as Error).message).toBe('Rekognition SearchFacesByImage failed: ThrottlingException');
    expect(fake.callsOf('SearchFacesByImage')).toHaveLength(3);
    expect(fake.callsOf('IndexFaces')).toHaveLength(0);
  });

  it('is unavailable when every attempt times out', async () => {
    const provider = providerFor({ timeoutMs: 200 });
    await provider.recognize(photo('ana-1'));
    fake.hangNext('SearchFacesByImage', 3);
    const failure = await provider.recognize(photo('ana-2')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RecognitionUnavailableError);
    expect((failure as Error).message).toBe('Rekognition SearchFacesByImage failed: TimeoutError');
    expect(fake.callsOf('SearchFacesByImage')).toHaveLength(4);
  });

  it('is unavailable when the credentials are refused, and succeeds once they are fixed', async () => {
    const provider = providerFor();
    fake.failNext('CreateCollection', 1, 'AccessDeniedException');
    const failure = await provider.recognize(photo('ana-1')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RecognitionUnavailableError);
    expect((failure as Error).message).toBe('Rekognition CreateCollection failed: AccessDeniedException');
    expect(fake.callsOf('CreateCollection')).toHaveLength(1);
    expect(fake.callsOf('SearchFacesByImage')).toHaveLength(0);
    // A later photo tries to create the collection again.
    expect(await provider.recognize(photo('ana-1'))).toMatchObject({ reason: 'NO_MATCH' });
    expect(fake.callsOf('CreateCollection')).toHaveLength(2);
  });

  it('rejects an image Rekognition cannot read, without retrying it', async () => {
    const provider = providerFor();
    fake.failNext('SearchFacesByImage', 1, 'InvalidImageFormatException');
    const failure = await provider.recognize(photo('ana-1')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RecognitionRejectedError);
    expect(failure).toMatchObject({ awsError: 'InvalidImageFormatException' });
    expect(fake.callsOf('SearchFacesByImage')).toHaveLength(1);
  });

  it('creates the collection again when it was deleted, and retries the search once', async () => {
    const provider = providerFor();
    await provider.recognize(photo('ana-1'));
    fake.collections.delete(COLLECTION);
    expect(await provider.recognize(photo('ana-2'))).toMatchObject({ reason: 'NO_MATCH' });
    expect(fake.callsOf('CreateCollection')).toHaveLength(2);
    expect(fake.callsOf('SearchFacesByImage')).toHaveLength(1 + 2);
    expect(fake.callsOf('IndexFaces')).toHaveLength(1 + 1);
    expect(fake.collections.get(COLLECTION)!.faces).toHaveLength(1);
  });

  it('answers an operation it does not model with UnknownOperationException, and refuses unsigned requests', async () => {
    const client = createRekognitionClient({ region: 'us-east-1', collectionId: COLLECTION, threshold: 90, endpoint, maxAttempts: 1, timeoutMs: 2000, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    clients.push(client);
    await expect(client.send(new ListCollectionsCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });

    const unsigned = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'RekognitionService.CreateCollection' }, body: '{"CollectionId":"x"}' });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    expect(fake.collections.size).toBe(0);
  });
});
