import { Claim } from '../../src/platform/auth/claims';
import { FieldCipher } from '../../src/platform/crypto/field-cipher';
import { QueueService } from '../../src/platform/queue/queue.service';
import { TELEMETRY_QUEUES } from '../../src/telemetry/telemetry.constants';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { runCli, stopAll } from '../support/processes';
import { eventually } from '../support/wait';

afterEach(stopAll);

const DEVICE = 'AA:BB:CC:DD:EE:01';

describe('telemetry ingestion and reads', () => {
  let t: TestApp;
  let device: TestUser;
  let reader: TestUser;

  const stored = async (table: 'gyroscopeReading' | 'gpsReading', count: number) =>
    eventually(async () => ((await (t.prisma[table] as { count(): Promise<number> }).count()) >= count ? true : undefined), 20_000, `${count} ${table} rows`);

  beforeAll(async () => {
    t = await createTestApp({ env: { TELEMETRY_CONSUMERS_ENABLED: 'true', TELEMETRY_RETRY_LIMIT: '1', TELEMETRY_RETRY_DELAY_SECONDS: '1' } });
    device = await createUserWithClaims(t, [Claim.TelemetryWrite]);
    reader = await createUserWithClaims(t, [Claim.TelemetryRead]);
  });

  afterAll(() => t.close());

  it('queues a gyroscope and a GPS reading (202 with an id) and stores them', async () => {
    const gyro = await t.http.post('/api/v1/telemetry/gyroscope').set(device.auth).send({ deviceId: 'aa-bb-cc-dd-ee-01', x: 0.5, y: -1.25, z: 9.81, timestamp: '2026-11-20T10:00:00Z' });
    expect(gyro.status).toBe(202);
    expect(gyro.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), kind: 'gyroscope', deviceId: DEVICE, takenAt: '2026-11-20T10:00:00.000Z', status: 'QUEUED' });
    const gps = await t.http.post('/api/v1/telemetry/gps').set(device.auth).send({ deviceId: DEVICE, latitude: -23.5613, longitude: -46.6565, timestamp: Date.parse('2026-11-20T10:00:00Z') });
    expect(gps.status).toBe(202);

    await stored('gyroscopeReading', 1);
    await stored('gpsReading', 1);
    const row = await t.prisma.gyroscopeReading.findUniqueOrThrow({ where: { id: gyro.body.id } });
    expect(row).toMatchObject({ deviceId: DEVICE, x: 0.5, y: -1.25, z: 9.81, sentBy: device.email });
    expect(row.takenAt.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    // Coordinates are personal data: encrypted at rest, also in the queue's job.
    const [raw] = await t.prisma.$queryRawUnsafe<{ location_enc: string }[]>(`SELECT location_enc FROM gps_readings WHERE id = $1::uuid`, gps.body.id);
    expect(raw.location_enc).toMatch(/^v1\./);
    expect(raw.location_enc).not.toContain('23.56');
    // Bound to its reading as every stored reading was written: associated data `gps_readings:<id>:location`.
    expect(t.app.get(FieldCipher).decrypt(raw.location_enc, `gps_readings:${gps.body.id}:location`)).toBe('-23.5613,-46.6565');
    const jobs = await t.prisma.$queryRawUnsafe<{ data: string }[]>(`SELECT data::text FROM pgboss.job WHERE name = 'telemetry.gps'`);
    expect(jobs.length).toBe(1);
    expect(jobs[0].data).not.toContain('23.56');

    const listed = await t.http.get(`/api/v1/telemetry/devices/${DEVICE}/gps`).set(reader.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      { id: gps.body.id, deviceId: DEVICE, latitude: -23.5613, longitude: -46.6565, takenAt: '2026-11-20T10:00:00.000Z', receivedAt: expect.any(String), storedAt: expect.any(String) },
    ]);
  });

  it('serves the original contract at /telemetry/...', async () => {
    const res = await t.http.post('/telemetry/gyroscope').set(device.auth).send({ deviceId: 'AA:BB:CC:DD:EE:02', x: 1, y: 2, z: 3, timestamp: '2026-11-20T11:00:00Z' });
    expect(res.status).toBe(202);
    expect((await t.http.post('/telemetry/gps').set(device.auth).send({ deviceId: 'AA:BB:CC:DD:EE:02', latitude: 1, longitude: 2 })).body.invalidParams).toEqual([
      { name: 'timestamp', reasons: ['timestamp is required'] },
    ]);
  });

  it('stores a reading sent twice once, under one id', async () => {
    const body = { deviceId: 'AA:BB:CC:DD:EE:03', x: 1, y: 1, z: 1, timestamp: '2026-11-20T12:00:00.000Z' };
    const first = await t.http.post('/api/v1/telemetry/gyroscope').set(device.auth).send(body);
    const second = await t.http.post('/api/v1/telemetry/gyroscope').set(device.auth).send({ ...body, deviceId: 'aa-bb-cc-dd-ee-03' });
    expect(second.body.id).toBe(first.body.id);
    await eventually(async () => (await t.prisma.gyroscopeReading.count({ where: { deviceId: 'AA:BB:CC:DD:EE:03' } })) === 1);
    // Sent again after it was stored: still one row.
    const third = await t.http.post('/api/v1/telemetry/gyroscope').set(device.auth).send(body);
    expect(third.body.id).toBe(first.body.id);
    await eventually(() => queueEmpty(t, TELEMETRY_QUEUES.gyroscope.queue));
    expect(await t.prisma.gyroscopeReading.count({ where: { deviceId: 'AA:BB:CC:DD:EE:03' } })).toBe(1);
  });

  it('accepts a batch of buffered readings, all or none', async () => {
    const deviceId = 'AA:BB:CC:DD:EE:04';
    const readings = Array.from({ length: 6 }, (_, i) =>
      i % 2 ? { type: 'gps', latitude: -10 - i, longitude: -40 - i, timestamp: `2026-11-21T10:00:0${i}Z` } : { type: 'gyroscope', x: i, y: i, z: i, timestamp: Date.parse(`2026-11-21T10:00:0${i}Z`) },
    );
    const res = await t.http.post('/telemetry/batch').set(device.auth).send({ deviceId, readings });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(6);
    expect(res.body.readings.map((r: { kind: string }) => r.kind)).toEqual(['gyroscope', 'gps', 'gyroscope', 'gps', 'gyroscope', 'gps']);
    await eventually(async () => (await t.prisma.gyroscopeReading.count({ where: { deviceId } })) === 3 && (await t.prisma.gpsReading.count({ where: { deviceId } })) === 3);
    // One job per kind carried the batch, not one per reading.
    const groups = await t.prisma.$queryRawUnsafe<{ name: string; readings: number }[]>(
      `SELECT name, jsonb_array_length(data->'readings')::int AS readings FROM pgboss.job WHERE data->'readings'->0->>'deviceId' = $1 ORDER BY name`,
      deviceId,
    );
    expect(groups).toEqual([
      { name: 'telemetry.gps', readings: 3 },
      { name: 'telemetry.gyroscope', readings: 3 },
    ]);

    const bad = await t.http
      .post('/api/v1/telemetry/batch')
      .set(device.auth)
      .send({ deviceId: 'AA:BB:CC:DD:EE:05', readings: [readings[0], { type: 'gps', latitude: 91, longitude: 0, timestamp: '2026-11-21T10:00:00Z' }, { type: 'gyroscope', x: 1, y: 2, timestamp: 'soon' }, { type: 'gps', latitude: 0, longitude: 0, x: 1, timestamp: '2026-11-21T10:00:00Z' }, { type: 'wind', timestamp: '2026-11-21T10:00:00Z' }] });
    expect(bad.status).toBe(400);
    const names = bad.body.invalidParams.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['readings[1].latitude', 'readings[2].z', 'readings[2].timestamp', 'readings[4].type']));
    expect(bad.body.invalidParams).toEqual(expect.arrayContaining([{ name: 'readings[3].x', reasons: ['x is not a field of a gps reading'] }]));
    expect((await t.http.post('/api/v1/telemetry/batch').set(device.auth).send({ deviceId, readings: [] })).body.invalidParams[0].name).toBe('readings');
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ type: 'gyroscope', x: 0, y: 0, z: 0, timestamp: Date.parse('2026-11-21T00:00:00Z') + i }));
    expect((await t.http.post('/api/v1/telemetry/batch').set(device.auth).send({ deviceId, readings: tooMany })).body.invalidParams[0]).toEqual({ name: 'readings', reasons: ['readings must contain no more than 1000 elements'] });
    expect(await t.prisma.device.count({ where: { id: 'AA:BB:CC:DD:EE:05' } })).toBe(0);
  });

  it('answers 400 naming every missing or wrong field', async () => {
    const post = (path: string, body: object) => t.http.post(`/api/v1/telemetry/${path}`).set(device.auth).send(body);
    const missing = await post('gyroscope', {});
    expect(missing.status).toBe(400);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body.invalidParams.map((p: { name: string }) => p.name)).toEqual(['deviceId', 'x', 'y', 'z', 'timestamp']);
    const wrong = await post('gps', { deviceId: 'AA:BB:CC:DD:EE', latitude: -90.5, longitude: 180.1, timestamp: '2026-11-20 10:00', extra: true });
    expect(wrong.body.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(['deviceId', 'extra', 'latitude', 'longitude', 'timestamp']);
    const future = await post('gyroscope', { deviceId: DEVICE, x: 1, y: 1, z: 1, timestamp: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.body.invalidParams).toEqual([{ name: 'timestamp', reasons: ['timestamp must not be more than 300 s ahead of the server clock'] }]);
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const futureBatch = await post('batch', { deviceId: DEVICE, readings: [{ type: 'gyroscope', x: 1, y: 1, z: 1, timestamp: '2026-11-20T10:00:00Z' }, { type: 'gps', latitude: 0, longitude: 0, timestamp: soon }, { type: 'gyroscope', x: 1, y: 1, z: 1, timestamp: soon }] });
    expect(futureBatch.status).toBe(400);
    expect(futureBatch.body.invalidParams).toEqual(['readings[1].timestamp', 'readings[2].timestamp'].map((name) => ({ name, reasons: ['timestamp must not be more than 300 s ahead of the server clock'] })));
    expect((await post('gyroscope', { deviceId: DEVICE, x: '1', y: null, z: 1, timestamp: 1_700_000_000_000 })).body.invalidParams.map((p: { name: string }) => p.name)).toEqual(['x', 'y']);
    const broken = await t.http.post('/api/v1/telemetry/gps').set(device.auth).set('content-type', 'application/json').send('{"deviceId":');
    expect(broken.status).toBe(400);
  });

  it('requires a token and the telemetry claims', async () => {
    const reading = { deviceId: DEVICE, x: 1, y: 1, z: 1, timestamp: '2026-11-20T10:00:00Z' };
    expect((await t.http.post('/api/v1/telemetry/gyroscope').send(reading)).status).toBe(401);
    expect((await t.http.post('/telemetry/gyroscope').send(reading)).status).toBe(401);
    expect((await t.http.post('/api/v1/telemetry/gyroscope').set(reader.auth).send(reading)).status).toBe(403);
    expect((await t.http.get('/api/v1/telemetry/devices').set(device.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/telemetry/devices')).status).toBe(401);
  });

  it('lists devices with their last contact, and pages readings newest first', async () => {
    const deviceId = 'AA:BB:CC:DD:EE:06';
    const readings = Array.from({ length: 5 }, (_, i) => ({ type: 'gyroscope', x: i, y: 0, z: 0, timestamp: `2026-11-22T10:00:0${i}.000Z` }));
    await t.http.post('/api/v1/telemetry/batch').set(device.auth).send({ deviceId, readings }).expect(202);
    await eventually(async () => (await t.prisma.gyroscopeReading.count({ where: { deviceId } })) === 5);

    const devices = await t.http.get('/api/v1/telemetry/devices?pageSize=100').set(reader.auth);
    expect(devices.status).toBe(200);
    const listed = devices.body.items.find((d: { id: string }) => d.id === deviceId);
    expect(listed).toEqual({ id: deviceId, firstSeenAt: expect.any(String), lastSeenAt: expect.any(String), lastReadingAt: '2026-11-22T10:00:04.000Z' });
    expect(devices.body.items[0].id).toBe(deviceId);
    const detail = await t.http.get('/api/v1/telemetry/devices/aa-bb-cc-dd-ee-06').set(reader.auth);
    expect(detail.body.counts).toEqual({ gyroscope: 5, gps: 0, photos: 0 });

    const first = await t.http.get(`/api/v1/telemetry/devices/${deviceId}/gyroscope?limit=2`).set(reader.auth);
    expect(first.body.items.map((r: { x: number }) => r.x)).toEqual([4, 3]);
    const second = await t.http.get(`/api/v1/telemetry/devices/${deviceId}/gyroscope?limit=2&cursor=${first.body.nextCursor}`).set(reader.auth);
    expect(second.body.items.map((r: { x: number }) => r.x)).toEqual([2, 1]);
    const last = await t.http.get(`/api/v1/telemetry/devices/${deviceId}/gyroscope?limit=2&cursor=${second.body.nextCursor}`).set(reader.auth);
    expect(last.body).toEqual({ items: [expect.objectContaining({ x: 0 })], nextCursor: null });
    const window = await t.http.get(`/api/v1/telemetry/devices/${deviceId}/gyroscope?from=2026-11-22T10:00:01Z&to=2026-11-22T10:00:03Z`).set(reader.auth);
    expect(window.body.items.map((r: { x: number }) => r.x)).toEqual([2, 1]);

    expect((await t.http.get('/api/v1/telemetry/devices/AA:BB:CC:DD:EE:99/gyroscope').set(reader.auth)).body).toMatchObject({ status: 404, code: 'DEVICE_NOT_FOUND' });
    expect((await t.http.get('/api/v1/telemetry/devices/AA:BB:CC:DD:EE:99').set(reader.auth)).status).toBe(404);
    const badId = await t.http.get('/api/v1/telemetry/devices/not-a-mac/gps').set(reader.auth);
    expect(badId.status).toBe(400);
    expect(badId.body.invalidParams[0].name).toBe('deviceId');
    expect((await t.http.get(`/api/v1/telemetry/devices/${deviceId}/gps?cursor=bm9wZQ`).set(reader.auth)).body.invalidParams[0].name).toBe('cursor');
    expect((await t.http.get(`/api/v1/telemetry/devices/${deviceId}/gps?limit=500`).set(reader.auth)).body.invalidParams[0].name).toBe('limit');
  });

  it('retries a reading that fails to store, dead-letters it, and replays it from the CLI', async () => {
    // The table refuses one value for now, as a broken deployment or a constraint gone wrong would.
    await t.prisma.$executeRawUnsafe(`ALTER TABLE gyroscope_readings ADD CONSTRAINT refuse_for_test CHECK (x <> 13.37)`);
    const deviceId = 'AA:BB:CC:DD:EE:07';
    const readings = [0, 13.37, 2].map((x, i) => ({ type: 'gyroscope', x, y: 0, z: 0, timestamp: `2026-11-23T10:00:0${i}Z` }));
    const accepted = await t.http.post('/api/v1/telemetry/batch').set(device.auth).send({ deviceId, readings }).expect(202);
    const badId = accepted.body.readings[1].id;

    // The others are stored at once; the refused one fails, is retried once after 1 s, then dead-lettered.
    await eventually(async () => (await t.prisma.gyroscopeReading.count({ where: { deviceId } })) === 2);
    const queue = t.app.get(QueueService);
    const [letter] = await eventually(async () => {
      const letters = await queue.deadLetters<{ id: string }>(TELEMETRY_QUEUES.gyroscope.deadLetter, 10);
      return letters.length ? letters : undefined;
    }, 30_000, 'the dead letter');
    expect(letter.data.id).toBe(badId);
    expect(letter.error).toContain('refuse_for_test');
    // Kept until replayed: the queue library would otherwise archive a dead letter after weeks.
    const [kept] = await t.prisma.$queryRawUnsafe<{ years: number }[]>(`SELECT extract(epoch FROM keep_until - now()) / 31557600 AS years FROM pgboss.job WHERE id = $1::uuid`, letter.id);
    expect(Number(kept.years)).toBeGreaterThan(9);

    const listed = await runCli(t.database.url, ['telemetry:dead-letters']);
    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(new RegExp(`^gyroscope\\s+${letter.id}\\s+\\S+\\s+${deviceId}\\s+2026-11-23T10:00:01.000Z\\s+.*refuse_for_test`, 'm'));
    expect(listed.output).toContain('1 dead letter(s)');

    await t.prisma.$executeRawUnsafe(`ALTER TABLE gyroscope_readings DROP CONSTRAINT refuse_for_test`);
    expect(await runCli(t.database.url, ['telemetry:replay', '--kind', 'gyroscope', '--all'])).toEqual({
      code: 0,
      output: 'Replayed 1 of 1 gyroscope job(s) to their queue; an API process with consumers enabled processes them.\n',
    });
    await eventually(async () => (await t.prisma.gyroscopeReading.count({ where: { id: badId } })) === 1);
    expect(await t.prisma.auditEvent.count({ where: { action: 'telemetry.dead-letter.replay', entityId: letter.id } })).toBe(1);
    expect((await runCli(t.database.url, ['telemetry:replay', '--kind', 'gyroscope', '--id', letter.id])).output).toContain('Replayed 0 of 1');
    expect((await runCli(t.database.url, ['telemetry:dead-letters', '--kind', 'gps'])).output).toBe('No dead letters.\n');
    expect((await runCli(t.database.url, ['telemetry:replay', '--kind', 'wind', '--all'])).output).toBe('error: --kind must be one of gyroscope, gps, photo\n');
    expect((await runCli(t.database.url, ['telemetry:replay', '--kind', 'gps'])).output).toBe('error: give either --all or one or more --id <job id>\n');
  });

  it('sends a message that breaks its schema straight to the dead-letter queue', async () => {
    const queue = t.app.get(QueueService);
    const jobId = await queue.send(TELEMETRY_QUEUES.gps.queue, { id: 'not-a-uuid', deviceId: 'AA:BB:CC:DD:EE:08', latitude: 1 });
    const letter = await eventually(async () => (await queue.deadLetters<{ deviceId: string }>(TELEMETRY_QUEUES.gps.deadLetter, 10)).find((l) => l.data.deviceId === 'AA:BB:CC:DD:EE:08'), 10_000, 'the dead letter');
    expect(letter.error).toMatch(/^invalid gps message: id Invalid UUID; takenAt .*; locationEnc .*; \(root\) Unrecognized key: "latitude"$/);
    const [failed] = await t.prisma.$queryRawUnsafe<{ retry_count: number }[]>(`SELECT retry_count FROM pgboss.job WHERE id = $1::uuid`, jobId);
    expect(failed.retry_count).toBe(0);
  });
});

async function queueEmpty(t: TestApp, queue: string): Promise<boolean> {
  const [row] = await t.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state < 'completed'`, queue);
  return row.n === 0;
}
