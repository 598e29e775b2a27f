import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { createTestApp, TestApp, TestAppOptions } from './app';

export interface ReceivedCall {
  /** The operation named by x-amz-target (RekognitionService.<Operation>), or '' when missing. */
  operation: string;
  /** The parsed JSON body (Image.Bytes still base64), or the raw text when it was not JSON. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface FakeFace {
  faceId: string;
  imageId: string;
  externalImageId?: string;
  /** Who the face belongs to, as `faceOf` said when it was indexed. */
  person: string;
  /** sha256 of the indexed image. */
  imageHash: string;
}

export interface FakeCollection {
  id: string;
  arn: string;
  createdAt: Date;
  faces: FakeFace[];
}

type Fault = { kind: 'error'; errorType: string } | { kind: 'hang' };
type Json = Record<string, unknown>;

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Server faults answer 5xx, as Rekognition does; every other error is the client's (400). */
const SERVER_ERROR_STATUS: Record<string, number> = { ThrottlingException: 500, InternalServerError: 500, ServiceUnavailableException: 503 };
const DEFAULT_MESSAGES: Record<string, string> = {
  ThrottlingException: 'Rate exceeded',
  ProvisionedThroughputExceededException: 'Provisioned rate exceeded',
  InternalServerError: 'Internal server error',
  AccessDeniedException: 'User is not authorized to perform this action',
};
const JSON_1_1 = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'RekognitionService.';
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const COLLECTION_ID = /^[a-zA-Z0-9_.-]{1,255}$/;
const EXTERNAL_IMAGE_ID = /^[a-zA-Z0-9_.\-:]{1,255}$/;
const QUALITY_FILTERS = ['NONE', 'AUTO', 'LOW', 'MEDIUM', 'HIGH'];
const BOUNDING_BOX = { Width: 0.5, Height: 0.6, Left: 0.25, Top: 0.2 };
const FACE_MODEL_VERSION = '7.0';

/**
 * A local stand-in for Amazon Rekognition's face collections, speaking its wire protocol (AWS JSON
 * 1.1, SigV4-signed POSTs) so the real SDK client runs against it. Who is in a picture is the
 * test's choice (`faceOf`); faults are injected per operation (`failNext`, `hangNext`).
 */
export class FakeRekognition {
  readonly calls: ReceivedCall[] = [];
  readonly collections = new Map<string, FakeCollection>();
  /** The person in a picture (any stable key), or null for a picture without a face. Default: each distinct image is its own person. */
  faceOf: (bytes: Buffer) => string | null = (bytes) => sha256(bytes);
  /** Similarity reported between two different pictures of the same person (identical pictures give 100). */
  sameFaceSimilarity = 99.2;
  private readonly faults = new Map<string, Fault[]>();
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.receive(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `count` calls of `operation` answer this AWS error (ThrottlingException and InternalServerError as 500, others 400). */
  failNext(operation: string, count: number, errorType = 'ThrottlingException'): void {
    this.queue(operation, count, { kind: 'error', errorType });
  }

  /** The next `count` calls of `operation` never get an answer (client timeouts). */
  hangNext(operation: string, count: number): void {
    this.queue(operation, count, { kind: 'hang' });
  }

  /** Drops every fault still queued: the service is healthy again. */
  clearFaults(): void {
    this.faults.clear();
  }

  callsOf(operation: string): ReceivedCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  private queue(operation: string, count: number, fault: Fault): void {
    const queued = this.faults.get(operation) ?? [];
    queued.push(...Array.from({ length: count }, () => fault));
    this.faults.set(operation, queued);
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text; answered below as a SerializationException.
      }
      this.calls.push({ operation, body, headers: req.headers });

      const fault = this.faults.get(operation)?.shift();
      if (fault?.kind === 'hang') return;
      try {
        if (fault) throw new AwsError(fault.errorType, DEFAULT_MESSAGES[fault.errorType] ?? `${fault.errorType} injected`, SERVER_ERROR_STATUS[fault.errorType] ?? 400);
        checkEnvelope(req, target, body);
        send(res, 200, this.dispatch(operation, body as Json));
      } catch (error) {
        if (error instanceof AwsError) return send(res, error.status, { __type: error.type, Code: error.type, Logref: randomUUID(), Message: error.message });
        // A fault in the fake or in the test's faceOf: answer, then let the test fail on it.
        send(res, 500, { __type: 'InternalServerError', Message: String(error) });
        throw error;
      }
    });
  }

  private dispatch(operation: string, body: Json): Json {
    switch (operation) {
      case 'CreateCollection':
        return this.createCollection(body);
      case 'DescribeCollection':
        return this.describeCollection(body);
      case 'SearchFacesByImage':
        return this.searchFacesByImage(body);
      case 'IndexFaces':
        return this.indexFaces(body);
      default:
        throw new AwsError('UnknownOperationException', `The fake Rekognition does not implement ${operation}; it knows CreateCollection, DescribeCollection, SearchFacesByImage and IndexFaces`);
    }
  }

  private createCollection(body: Json): Json {
    allowOnly(body, ['CollectionId', 'Tags']);
    const id = collectionId(body);
    if (body.Tags !== undefined && !isStringMap(body.Tags)) throw invalid('Tags must map strings to strings');
    if (this.collections.has(id)) throw new AwsError('ResourceAlreadyExistsException', `The collection id: ${id} already exists`);
    const arn = `aws:rekognition:us-east-1:000000000000:collection/${id}`;
    this.collections.set(id, { id, arn, createdAt: new Date(), faces: [] });
    return { StatusCode: 200, CollectionArn: arn, FaceModelVersion: FACE_MODEL_VERSION };
  }

  private describeCollection(body: Json): Json {
    allowOnly(body, ['CollectionId']);
    const collection = this.collection(collectionId(body));
    return {
      FaceCount: collection.faces.length,
      UserCount: 0,
      FaceModelVersion: FACE_MODEL_VERSION,
      CollectionARN: collection.arn,
      CreationTimestamp: collection.createdAt.getTime() / 1000,
    };
  }

  private searchFacesByImage(body: Json): Json {
    allowOnly(body, ['CollectionId', 'Image', 'MaxFaces', 'FaceMatchThreshold', 'QualityFilter']);
    const id = collectionId(body);
    const bytes = image(body);
    const maxFaces = optionalInteger(body, 'MaxFaces', 1, 4096) ?? 80;
    const threshold = optionalNumber(body, 'FaceMatchThreshold', 0, 100) ?? 80;
    qualityFilter(body);
    const collection = this.collection(id);
    const person = this.faceOf(bytes);
    if (person === null) throw invalid('There are no faces in the image. Should be at least 1.');
    const hash = sha256(bytes);
    const matches = collection.faces
      .filter((face) => face.person === person)
      .map((face) => ({ face, similarity: face.imageHash === hash ? 100 : this.sameFaceSimilarity }))
      .filter((m) => m.similarity >= threshold)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, maxFaces);
    return {
      SearchedFaceBoundingBox: BOUNDING_BOX,
      SearchedFaceConfidence: 99.99,
      FaceMatches: matches.map((m) => ({ Similarity: m.similarity, Face: faceJson(m.face) })),
      FaceModelVersion: FACE_MODEL_VERSION,
    };
  }

  private indexFaces(body: Json): Json {
    allowOnly(body, ['CollectionId', 'Image', 'ExternalImageId', 'DetectionAttributes', 'MaxFaces', 'QualityFilter']);
    const id = collectionId(body);
    const bytes = image(body);
    const externalImageId = body.ExternalImageId;
    if (externalImageId !== undefined && (typeof externalImageId !== 'string' || !EXTERNAL_IMAGE_ID.test(externalImageId))) {
      throw invalid(`ExternalImageId must match ${EXTERNAL_IMAGE_ID.source}`);
    }
    optionalInteger(body, 'MaxFaces', 1, Number.MAX_SAFE_INTEGER);
    qualityFilter(body);
    const attributes = body.DetectionAttributes;
    if (attributes !== undefined && (!Array.isArray(attributes) || attributes.some((a) => typeof a !== 'string'))) throw invalid('DetectionAttributes must be a list of attribute names');
    const collection = this.collection(id);
    const person = this.faceOf(bytes);
    if (person === null) return { FaceRecords: [], FaceModelVersion: FACE_MODEL_VERSION, UnindexedFaces: [] };
    const face: FakeFace = { faceId: randomUUID(), imageId: randomUUID(), externalImageId: externalImageId as string | undefined, person, imageHash: sha256(bytes) };
    collection.faces.push(face);
    return {
      FaceRecords: [{ Face: faceJson(face), FaceDetail: { BoundingBox: BOUNDING_BOX, Confidence: 99.99 } }],
      FaceModelVersion: FACE_MODEL_VERSION,
      UnindexedFaces: [],
    };
  }

  private collection(id: string): FakeCollection {
    const collection = this.collections.get(id);
    if (!collection) throw new AwsError('ResourceNotFoundException', `The collection id: ${id} does not exist`);
    return collection;
  }
}

/** What every request from the SDK carries: a signed JSON 1.1 POST to / naming its operation. */
function checkEnvelope(req: IncomingMessage, target: string, body: unknown): void {
  const authorization = String(req.headers.authorization ?? '');
  if (!authorization) throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  if (!/^AWS4-HMAC-SHA256 Credential=\S+\/\d{8}\/[a-z0-9-]+\/rekognition\/aws4_request, ?SignedHeaders=\S+, ?Signature=[0-9a-f]{64}$/.test(authorization) || !req.headers['x-amz-date']) {
    throw new AwsError('IncompleteSignatureException', 'Authorization must be a SigV4 signature for the rekognition service');
  }
  if (req.method !== 'POST' || req.url !== '/') throw new AwsError('UnknownOperationException', `Requests are POST /, not ${req.method} ${req.url}`);
  if (!target.startsWith(TARGET_PREFIX)) throw new AwsError('UnknownOperationException', `x-amz-target must be ${TARGET_PREFIX}<Operation>, not "${target}"`);
  if (req.headers['content-type'] !== JSON_1_1) throw new AwsError('UnknownOperationException', `content-type must be ${JSON_1_1}`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AwsError('SerializationException', 'The body must be a JSON object');
}

function send(res: ServerResponse, status: number, body: Json): void {
  res.writeHead(status, { 'content-type': JSON_1_1, 'x-amzn-requestid': randomUUID() }).end(JSON.stringify(body));
}

function faceJson(face: FakeFace): Json {
  return {
    FaceId: face.faceId,
    BoundingBox: BOUNDING_BOX,
    ImageId: face.imageId,
    ...(face.externalImageId !== undefined ? { ExternalImageId: face.externalImageId } : {}),
    Confidence: 99.99,
    IndexFacesModelVersion: FACE_MODEL_VERSION,
  };
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

function allowOnly(body: Json, members: string[]): void {
  const unknown = Object.keys(body).filter((key) => !members.includes(key));
  if (unknown.length > 0) throw invalid(`Unknown parameter(s): ${unknown.join(', ')}`);
}

function collectionId(body: Json): string {
  const id = body.CollectionId;
  if (typeof id !== 'string' || !COLLECTION_ID.test(id)) throw invalid(`CollectionId must match ${COLLECTION_ID.source}`);
  return id;
}

/** Image.Bytes as the SDK sends a blob in JSON: base64. S3 images are not modelled. */
function image(body: Json): Buffer {
  const value = body.Image as Json | undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('Image is required');
  if (value.S3Object !== undefined) throw new AwsError('InvalidS3ObjectException', 'The fake Rekognition takes Image.Bytes only');
  allowOnly(value, ['Bytes']);
  const encoded = value.Bytes;
  if (typeof encoded !== 'string' || encoded.length === 0 || encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw invalid('Image.Bytes must be non-empty base64');
  }
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length > MAX_IMAGE_BYTES) throw new AwsError('ImageTooLargeException', 'Image size is too large');
  return bytes;
}

function optionalNumber(body: Json, key: string, min: number, max: number): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw invalid(`${key} must be a number from ${min} to ${max}`);
  return value;
}

function optionalInteger(body: Json, key: string, min: number, max: number): number | undefined {
  const value = optionalNumber(body, key, min, max);
  if (value !== undefined && !Number.isInteger(value)) throw invalid(`${key} must be an integer`);
  return value;
}

function qualityFilter(body: Json): void {
  if (body.QualityFilter !== undefined && !QUALITY_FILTERS.includes(body.QualityFilter as string)) throw invalid(`QualityFilter must be one of ${QUALITY_FILTERS.join(', ')}`);
}

function isStringMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The application with the Rekognition provider on `rekognition` (started here), and the SDK's
 * credentials in the environment, where it reads them when it first calls. close() undoes all three.
 */
export async function createRekognitionTestApp(rekognition: FakeRekognition, collectionId: string, options: TestAppOptions = {}): Promise<TestApp> {
  const endpoint = await rekognition.start();
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTTESTTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
  const undo = async () => {
    await rekognition.stop();
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  };
  try {
    const t = await createTestApp({ ...options, env: { RECOGNITION_PROVIDER: 'rekognition', REKOGNITION_ENDPOINT: endpoint, REKOGNITION_COLLECTION_ID: collectionId, ...options.env } });
    return { ...t, close: () => t.close().finally(undo) };
  } catch (error) {
    await undo();
    throw error;
  }
}
