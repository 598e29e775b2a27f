import { createHash } from 'node:crypto';
import { Claim } from '../../src/platform/auth/claims';
import { FieldCipher } from '../../src/platform/crypto/field-cipher';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { createRekognitionTestApp, FakeRekognition } from '../support/fake-rekognition';
import { largePhoto, scenePhoto, truncated, variantOf } from '../support/images';
import { runCli, stopAll } from '../support/processes';
import { eventually } from '../support/wait';

afterEach(stopAll);

const DEVICE = 'AA:BB:CC:DD:EE:10';
let second = 0;
/** A distinct instant per photo (a device sends one photo per instant). */
const nextTimestamp = () => new Date(Date.UTC(2026, 10, 20, 10, 0, second++)).toISOString();

const upload = (t: TestApp, user: TestUser, bytes: Buffer, fields: { deviceId?: string; timestamp?: string } = {}) => {
  const req = t.http.post('/api/v1/telemetry/photo').set(user.auth);
  if (fields.deviceId !== null) req.field('deviceId', fields.deviceId ?? DEVICE);
  req.field('timestamp', fields.timestamp ?? nextTimestamp());
  return req.attach('photo', bytes, { filename: 'photo.jpg', contentType: 'image/jpeg' });
};

const metric = async (t: TestApp, name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec((await t.http.get('/metrics')).text)?.[1] ?? 0);

describe('photos with the local provider', () => {
  let t: TestApp;
  let device: TestUser;
  let reader: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { RECOGNITION_PROVIDER: 'local' } });
    device = await createUserWithClaims(t, [Claim.TelemetryWrite]);
    reader = await createUserWithClaims(t, [Claim.TelemetryRead]);
  });

  afterAll(() => t.close());

  it('recognizes the same scene re-sent resized, and not another scene', async () => {
    const scene = await scenePhoto(1);
    const first = await upload(t, device, scene);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ deviceId: DEVICE, status: 'ANALYSED', recognized: false, reason: 'NO_MATCH', provider: 'local', cached: false, contentType: 'image/jpeg', width: 640, height: 480, sizeBytes: scene.length });

    const resized = await upload(t, device, await variantOf(scene, { width: 320, quality: 60 }));
    expect(resized.body).toMatchObject({ status: 'ANALYSED', recognized: true, reason: 'MATCH', matchedPhotoId: first.body.id, cached: false });
    expect(resized.body.similarity).toBeGreaterThanOrEqual(90);

    const other = await upload(t, device, await scenePhoto(2));
    expect(other.body).toMatchObject({ recognized: false, reason: 'NO_MATCH', matchedPhotoId: null });
    expect(other.body.similarity).toBeLessThan(90);
  });

  it('answers identical content from its earlier analysis (cache) and counts the hit', async () => {
    const bytes = await scenePhoto(3, { format: 'png' });
    const first = await upload(t, device, bytes);
    expect(first.body).toMatchObject({ contentType: 'image/png', cached: false });
    const hits = await metric(t, 'photo_recognition_cache_hits_total');
    const again = await upload(t, device, bytes, { deviceId: 'aa-bb-cc-dd-ee-11' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ deviceId: 'AA:BB:CC:DD:EE:11', cached: true, recognized: true, similarity: 100, matchedPhotoId: first.body.id, provider: 'local', status: 'ANALYSED' });
    expect(await metric(t, 'photo_recognition_cache_hits_total')).toBe(hits + 1);
  });

  it('accepts JSON with base64 content, and answers a re-sent photo once', async () => {
    const bytes = await scenePhoto(4);
    const timestamp = nextTimestamp();
    const body = { deviceId: DEVICE, timestamp, content: bytes.toString('base64') };
    const created = await t.http.post('/telemetry/photo').set(device.auth).send(body);
    expect(created.status).toBe(201);
    expect(created.body.sizeBytes).toBe(bytes.length);
    const replay = await t.http.post('/api/v1/telemetry/photo').set(device.auth).send(body);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(created.body.id);
    const conflict = await upload(t, device, await scenePhoto(5), { timestamp });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('PHOTO_CONFLICT');
    expect(await t.prisma.photo.count({ where: { deviceId: DEVICE, takenAt: new Date(timestamp) } })).toBe(1);
  });

  it('takes an empty content part of a multipart upload for no content, as Swagger UI sends its forms', async () => {
    const bytes = await scenePhoto(10);
    const withEmpty = await t.http.post('/api/v1/telemetry/photo').set(device.auth).field('deviceId', DEVICE).field('timestamp', nextTimestamp()).field('content', '').attach('photo', bytes, 'p.jpg');
    expect(withEmpty.status).toBe(201);
    expect(withEmpty.body).toMatchObject({ deviceId: DEVICE, sizeBytes: bytes.length, contentType: 'image/jpeg' });
    const original = await t.http.post('/telemetry/photo').set(device.auth).field('deviceId', DEVICE).field('timestamp', nextTimestamp()).field('content', '').attach('photo', await scenePhoto(11), 'p.jpg');
    expect(original.status).toBe(201);
    // Still a photo is needed, and JSON's empty content is an empty image, not none.
    const noFile = await t.http.post('/api/v1/telemetry/photo').set(device.auth).field('deviceId', DEVICE).field('timestamp', nextTimestamp()).field('content', '');
    expect({ status: noFile.status, invalidParams: noFile.body.invalidParams }).toEqual({ status: 400, invalidParams: [{ name: 'photo', reasons: ['photo is required: a multipart file part named photo, or content (base64) in JSON'] }] });
    const emptyJson = await t.http.post('/api/v1/telemetry/photo').set(device.auth).send({ deviceId: DEVICE, timestamp: nextTimestamp(), content: '' });
    expect({ status: emptyJson.status, field: emptyJson.body.invalidParams?.[0]?.name }).toEqual({ status: 400, field: 'content' });
  });

  it('documents each media type with its own fields: the form has no content field, JSON no file', async () => {
    const document = (await t.http.get('/docs-json')).body as { paths: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties: object; required: string[] } }> } } }> };
    for (const path of ['/api/v1/telemetry/photo', '/telemetry/photo']) {
      const { content } = document.paths[path].post.requestBody;
      const fields = (type: string) => ({ properties: Object.keys(content[type].schema.properties), required: content[type].schema.required });
      expect({ path, multipart: fields('multipart/form-data'), json: fields('application/json') }).toEqual({
        path,
        multipart: { properties: ['deviceId', 'timestamp', 'photo'], required: ['deviceId', 'timestamp', 'photo'] },
        json: { properties: ['deviceId', 'timestamp', 'content'], required: ['deviceId', 'timestamp', 'content'] },
      });
    }
  });

  it('refuses what is not a JPEG or PNG of at most 5 MB, naming the field', async () => {
    const notImage = await upload(t, device, Buffer.from('GIF89a not really'));
    expect(notImage.status).toBe(400);
    expect(notImage.body).toMatchObject({ code: 'INVALID_PHOTO', invalidParams: [{ name: 'photo', reasons: ['photo must be a JPEG or PNG image'] }] });
    expect((await upload(t, device, truncated(await scenePhoto(6)))).body.invalidParams).toEqual([{ name: 'photo', reasons: ['photo could not be decoded as JPEG or PNG'] }]);
    const big = await largePhoto(5 * 1024 * 1024 + 10);
    const tooBig = await upload(t, device, big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers['content-type']).toMatch(/^application\/problem\+json/);
    const tooBigJson = await t.http.post('/api/v1/telemetry/photo').set(device.auth).send({ deviceId: DEVICE, timestamp: nextTimestamp(), content: big.toString('base64') });
    expect(tooBigJson.status).toBe(413);
    expect(tooBigJson.body.code).toBe('PHOTO_TOO_LARGE');

    const none = await t.http.post('/api/v1/telemetry/photo').set(device.auth).send({ deviceId: DEVICE, timestamp: nextTimestamp() });
    expect(none.body.invalidParams).toEqual([{ name: 'photo', reasons: ['photo is required: a multipart file part named photo, or content (base64) in JSON'] }]);
    const both = await t.http.post('/api/v1/telemetry/photo').set(device.auth).field('deviceId', DEVICE).field('timestamp', nextTimestamp()).field('content', 'AAAA').attach('photo', await scenePhoto(7), 'p.jpg');
    expect(both.body.invalidParams[0].name).toBe('content');
    const fields = await t.http.post('/api/v1/telemetry/photo').set(device.auth).field('deviceId', 'nope').attach('photo', await scenePhoto(7), 'p.jpg');
    expect(fields.status).toBe(400);
    expect(fields.body.invalidParams.map((p: { name: string }) => p.name)).toEqual(['deviceId', 'timestamp']);
    const future = await upload(t, device, await scenePhoto(7), { timestamp: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.invalidParams).toEqual([{ name: 'timestamp', reasons: ['timestamp must not be more than 300 s ahead of the server clock'] }]);
    const badBase64 = await t.http.post('/api/v1/telemetry/photo').set(device.auth).send({ deviceId: DEVICE, timestamp: nextTimestamp(), content: '***' });
    expect(badBase64.body.invalidParams[0]).toEqual({ name: 'content', reasons: ['content must be the image bytes in base64'] });
    expect(await t.prisma.photo.count({ where: { sizeBytes: big.length } })).toBe(0);
  });

  it('serves metadata, the image bytes (audited) and a device photo list; encrypts the bytes at rest', async () => {
    const bytes = await scenePhoto(8);
    const created = await upload(t, device, bytes, { deviceId: 'AA:BB:CC:DD:EE:12', timestamp: '2026-11-21T10:00:00.000Z' });
    await upload(t, device, await scenePhoto(9), { deviceId: 'AA:BB:CC:DD:EE:12', timestamp: '2026-11-21T10:00:10.000Z' }).expect(201);

    const meta = await t.http.get(`/api/v1/telemetry/photos/${created.body.id}`).set(reader.auth);
    expect(meta.status).toBe(200);
    expect(meta.body).toEqual(created.body);
    const content = await t.http.get(`/api/v1/telemetry/photos/${created.body.id}/content`).set(reader.auth).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(content.status).toBe(200);
    expect(content.headers['content-type']).toBe('image/jpeg');
    expect(content.headers['cache-control']).toBe('private, no-store');
    expect(createHash('sha256').update(content.body).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await t.prisma.auditEvent.count({ where: { action: 'photo.read-content', entityId: created.body.id } })).toBe(1);
    expect(await t.prisma.auditEvent.count({ where: { action: 'photo.create', entityId: created.body.id } })).toBe(1);

    const [raw] = await t.prisma.$queryRawUnsafe<{ content_enc: Uint8Array }[]>(`SELECT content_enc FROM photo_contents WHERE photo_id = $1::uuid`, created.body.id);
    const stored = Buffer.from(raw.content_enc);
    expect(stored.subarray(0, 3).toString('ascii')).toBe('v1.');
    expect(stored.includes(bytes.subarray(100, 164))).toBe(false);
    // Bound to its photo as every stored photo was written: associated data `photo_contents:<id>:content`.
    expect(t.app.get(FieldCipher).decryptBytes(stored, `photo_contents:${created.body.id}:content`).equals(bytes)).toBe(true);

    const page = await t.http.get('/api/v1/telemetry/devices/AA:BB:CC:DD:EE:12/photos?limit=1').set(reader.auth);
    expect(page.body.items.map((p: { takenAt: string }) => p.takenAt)).toEqual(['2026-11-21T10:00:10.000Z']);
    const next = await t.http.get(`/api/v1/telemetry/devices/AA:BB:CC:DD:EE:12/photos?limit=1&cursor=${page.body.nextCursor}`).set(reader.auth);
    expect(next.body).toEqual({ items: [expect.objectContaining({ id: created.body.id })], nextCursor: null });
    expect((await t.http.get('/api/v1/telemetry/devices/AA:BB:CC:DD:EE:12').set(reader.auth)).body.counts.photos).toBe(2);
  });

  it('answers 404, 400, 401 and 403 where it should', async () => {
    expect((await t.http.get('/api/v1/telemetry/photos/7d1f1b9e-0000-4000-8000-000000000000').set(reader.auth)).body).toMatchObject({ status: 404, code: 'PHOTO_NOT_FOUND' });
    expect((await t.http.get('/api/v1/telemetry/photos/7d1f1b9e-0000-4000-8000-000000000000/content').set(reader.auth)).status).toBe(404);
    expect((await t.http.get('/api/v1/telemetry/photos/42').set(reader.auth)).body.invalidParams[0].name).toBe('id');
    expect((await t.http.get('/api/v1/telemetry/devices/AA:BB:CC:DD:EE:99/photos').set(reader.auth)).status).toBe(404);
    expect((await t.http.post('/api/v1/telemetry/photo').attach('photo', await scenePhoto(10), 'p.jpg')).status).toBe(401);
    expect((await upload(t, reader, await scenePhoto(10))).status).toBe(403);
    expect((await t.http.get('/api/v1/telemetry/photos/7d1f1b9e-0000-4000-8000-000000000000').set(device.auth)).status).toBe(403);
  });
});

describe('photos with the Rekognition provider (a local Rekognition server)', () => {
  let t: TestApp;
  let device: TestUser;
  const rekognition = new FakeRekognition();
  const people = new Map<string, string>();
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const photoOf = async (seed: number, person: string | null) => {
    const bytes = await scenePhoto(seed);
    if (person) people.set(sha(bytes), person);
    return bytes;
  };

  beforeAll(async () => {
    rekognition.faceOf = (bytes) => people.get(sha(bytes)) ?? null;
    t = await createRekognitionTestApp(rekognition, 'devices-test', {
      env: {
        REKOGNITION_MAX_ATTEMPTS: '2',
        RECOGNITION_TIMEOUT_MS: '1000',
        RECOGNITION_RETRY_LIMIT: '1',
        RECOGNITION_RETRY_DELAY_SECONDS: '1',
        TELEMETRY_CONSUMERS_ENABLED: 'true',
      },
    });
    device = await createUserWithClaims(t, [Claim.TelemetryWrite, Claim.TelemetryRead]);
  });

  afterAll(() => t.close());

  it('creates the collection, indexes each face, recognizes a person again, and says when there is no face', async () => {
    const alice = await upload(t, device, await photoOf(20, 'alice'));
    expect(alice.status).toBe(201);
    expect(alice.body).toMatchObject({ status: 'ANALYSED', recognized: false, reason: 'NO_MATCH', provider: 'rekognition', matchedPhotoId: null });
    expect(rekognition.collections.has('devices-test')).toBe(true);

    const aliceAgain = await upload(t, device, await photoOf(21, 'alice'));
    expect(aliceAgain.body).toMatchObject({ recognized: true, reason: 'MATCH', matchedPhotoId: alice.body.id, similarity: 99.2, provider: 'rekognition' });
    const bob = await upload(t, device, await photoOf(22, 'bob'));
    expect(bob.body).toMatchObject({ recognized: false, reason: 'NO_MATCH' });
    const landscape = await upload(t, device, await photoOf(23, null));
    expect(landscape.body).toMatchObject({ status: 'ANALYSED', recognized: false, reason: 'NO_FACE' });

    const faces = rekognition.collections.get('devices-test')!.faces.map((face) => face.externalImageId);
    expect(faces).toEqual([alice.body.id, aliceAgain.body.id, bob.body.id]);
    expect(rekognition.callsOf('CreateCollection')).toHaveLength(1);
  });

  it('answers identical content without calling Rekognition', async () => {
    const bytes = await photoOf(24, 'carol');
    const first = await upload(t, device, bytes);
    const searches = rekognition.callsOf('SearchFacesByImage').length;
    const again = await upload(t, device, bytes);
    expect(again.body).toMatchObject({ cached: true, recognized: true, matchedPhotoId: first.body.id, provider: 'rekognition' });
    expect(rekognition.callsOf('SearchFacesByImage')).toHaveLength(searches);
  });

  it('keeps a photo PENDING while Rekognition is unavailable and recognizes it in the background', async () => {
    const daveFirst = await upload(t, device, await photoOf(25, 'dave'));
    expect(daveFirst.body.reason).toBe('NO_MATCH');
    rekognition.failNext('SearchFacesByImage', 1000);
    const pending = await upload(t, device, await photoOf(26, 'dave'));
    expect(pending.status).toBe(201);
    expect(pending.body).toMatchObject({ status: 'PENDING', recognized: null, similarity: null, provider: null });
    rekognition.clearFaults();
    const analysed = await eventually(async () => {
      const res = await t.http.get(`/api/v1/telemetry/photos/${pending.body.id}`).set(device.auth);
      return res.body.status === 'ANALYSED' ? res.body : undefined;
    }, 30_000, 'the background recognition');
    expect(analysed).toMatchObject({ recognized: true, matchedPhotoId: daveFirst.body.id, provider: 'rekognition' });
  });

  it('dead-letters a photo whose retries all fail, and recognizes it once replayed', async () => {
    rekognition.failNext('SearchFacesByImage', 1000, 'InternalServerError');
    const pending = await upload(t, device, await photoOf(27, 'erin'));
    expect(pending.body.status).toBe('PENDING');
    const listed = await eventually(async () => {
      const { output } = await runCli(t.database.url, ['telemetry:dead-letters', '--kind', 'photo']);
      return output.includes(DEVICE) ? output : undefined;
    }, 40_000, 'the photo dead letter');
    expect(listed).toMatch(/^photo\s+[0-9a-f-]{36}\s+\S+\s+AA:BB:CC:DD:EE:10\s+2026-11-\S+\s+Rekognition SearchFacesByImage failed: InternalServerError/m);
    expect((await t.prisma.photo.findUniqueOrThrow({ where: { id: pending.body.id } })).status).toBe('PENDING');

    rekognition.clearFaults();
    expect((await runCli(t.database.url, ['telemetry:replay', '--kind', 'photo', '--all'])).output).toContain('Replayed 1 of 1 photo job(s)');
    await eventually(async () => (await t.prisma.photo.findUniqueOrThrow({ where: { id: pending.body.id } })).status === 'ANALYSED', 30_000, 'the replayed recognition');
  });
});
