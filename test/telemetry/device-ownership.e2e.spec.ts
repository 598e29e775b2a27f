import { Claim } from '../../src/platform/auth/claims';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { scenePhoto } from '../support/images';

const X = 'AA:BB:CC:00:00:01';

const gyro = (deviceId: string, timestamp: string) => ({ deviceId, x: 1, y: 2, z: 3, timestamp });
const photo = async (t: TestApp, user: TestUser, deviceId: string, timestamp: string, seed: number) =>
  t.http.post('/api/v1/telemetry/photo').set(user.auth).field('deviceId', deviceId).field('timestamp', timestamp).attach('photo', await scenePhoto(seed), { filename: 'p.jpg', contentType: 'image/jpeg' });

describe('device ownership of telemetry', () => {
  let t: TestApp;
  let a: TestUser;
  let b: TestUser;
  let fleet: TestUser;
  let operator: TestUser;

  const jobsFor = async (deviceId: string) =>
    Number((await t.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pgboss.job WHERE name LIKE 'telemetry.%' AND data::text LIKE $1`, `%${deviceId}%`))[0].n);

  beforeAll(async () => {
    t = await createTestApp({ env: { RECOGNITION_PROVIDER: 'local' } });
    a = await createUserWithClaims(t, [Claim.TelemetryWrite]);
    b = await createUserWithClaims(t, [Claim.TelemetryWrite]);
    fleet = await createUserWithClaims(t, [Claim.TelemetryWrite]);
    operator = await createUserWithClaims(t, [Claim.DevicesWrite]);
  });

  afterAll(() => t.close());

  it("enrolls a device to its first sender and refuses another user's readings and photos with 403 DEVICE_NOT_OWNED", async () => {
    await t.http.post('/api/v1/telemetry/gyroscope').set(a.auth).send(gyro(X, '2026-11-20T10:00:00Z')).expect(202);
    expect((await t.prisma.device.findUniqueOrThrow({ where: { id: X } })).ownerUserId).toBe(a.id);
    const queued = await jobsFor(X);

    const single = await t.http.post('/api/v1/telemetry/gyroscope').set(b.auth).send(gyro(X.toLowerCase().replaceAll(':', '-'), '2026-11-20T10:00:01Z'));
    expect(single.status).toBe(403);
    expect(single.headers['content-type']).toContain('application/problem+json');
    expect(single.body).toMatchObject({ status: 403, code: 'DEVICE_NOT_OWNED' });
    const gps = await t.http.post('/telemetry/gps').set(b.auth).send({ deviceId: X, latitude: 1, longitude: 2, timestamp: '2026-11-20T10:00:02Z' });
    expect(gps.status).toBe(403);
    expect(gps.body.code).toBe('DEVICE_NOT_OWNED');
    const batch = await t.http.post('/api/v1/telemetry/batch').set(b.auth).send({ deviceId: X, readings: [{ type: 'gyroscope', x: 1, y: 2, z: 3, timestamp: '2026-11-20T10:00:03Z' }] });
    expect(batch.status).toBe(403);
    expect(batch.body.code).toBe('DEVICE_NOT_OWNED');
    const refusedPhoto = await photo(t, b, X, '2026-11-20T10:00:04Z', 1);
    expect(refusedPhoto.status).toBe(403);
    expect(refusedPhoto.body.code).toBe('DEVICE_NOT_OWNED');

    expect(await jobsFor(X)).toBe(queued);
    expect(await t.prisma.photo.count({ where: { deviceId: X } })).toBe(0);
  });

  it("does not let another user pre-empt the owner's future reading or photo", async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await t.http.post('/api/v1/telemetry/gyroscope').set(b.auth).send(gyro(X, future))).status).toBe(403);
    expect((await photo(t, b, X, future, 2)).status).toBe(403);
    // The owner's reading and photo at that instant are the ones accepted.
    await t.http.post('/api/v1/telemetry/gyroscope').set(a.auth).send(gyro(X, future)).expect(202);
    const own = await photo(t, a, X, future, 3);
    expect(own.status).toBe(201);
    expect((await t.prisma.photo.findFirstOrThrow({ where: { deviceId: X } })).sentBy).toBe(a.email);
  });

  it('lets an operator move a device, after which the new owner sends and the old one is refused', async () => {
    const forbidden = await t.http.put(`/api/v1/telemetry/devices/${X}/owner`).set(b.auth).send({ userId: Number(b.id) });
    expect(forbidden.status).toBe(403);
    const unknownUser = await t.http.put(`/api/v1/telemetry/devices/${X}/owner`).set(operator.auth).send({ userId: 987654321 });
    expect(unknownUser.status).toBe(400);

    const moved = await t.http.put(`/api/v1/telemetry/devices/${X}/owner`).set(operator.auth).send({ userId: Number(b.id) });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ deviceId: X, userId: Number(b.id) });
    await t.http.post('/api/v1/telemetry/gyroscope').set(b.auth).send(gyro(X, '2026-11-20T11:00:00Z')).expect(202);
    expect((await photo(t, b, X, '2026-11-20T11:00:00Z', 4)).status).toBe(201);
    expect((await t.http.post('/api/v1/telemetry/gyroscope').set(a.auth).send(gyro(X, '2026-11-20T11:00:01Z'))).status).toBe(403);
    const audit = await t.prisma.auditEvent.findFirst({ where: { action: 'device.set-owner', entityId: X } });
    expect(audit).not.toBeNull();
  });

  it('enrolls a device before it ships, so a squatter sending first is refused', async () => {
    const Y = 'AA:BB:CC:00:00:02';
    await t.http.put(`/api/v1/telemetry/devices/${Y}/owner`).set(operator.auth).send({ userId: Number(a.id) }).expect(200);
    expect((await t.http.post('/api/v1/telemetry/gyroscope').set(b.auth).send(gyro(Y, '2026-11-20T12:00:00Z'))).body.code).toBe('DEVICE_NOT_OWNED');
    await t.http.post('/api/v1/telemetry/gyroscope').set(a.auth).send(gyro(Y, '2026-11-20T12:00:00Z')).expect(202);
  });

  it('lets a fleet user own several devices', async () => {
    const devices = ['AA:BB:CC:00:01:01', 'AA:BB:CC:00:01:02', 'AA:BB:CC:00:01:03'];
    for (const deviceId of devices) {
      await t.http.post('/api/v1/telemetry/batch').set(fleet.auth).send({ deviceId, readings: [{ type: 'gps', latitude: 1, longitude: 2, timestamp: '2026-11-20T13:00:00Z' }] }).expect(202);
    }
    const owned = await t.prisma.device.findMany({ where: { ownerUserId: fleet.id }, orderBy: { id: 'asc' } });
    expect(owned.map((device) => device.id)).toEqual(devices);
    expect((await t.http.post('/api/v1/telemetry/gyroscope').set(a.auth).send(gyro(devices[1], '2026-11-20T13:00:01Z'))).status).toBe(403);
  });
});
