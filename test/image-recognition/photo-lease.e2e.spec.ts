import { PhotosService } from '../../src/image-recognition/photos.service';
import { Claim } from '../../src/platform/auth/claims';
import { Clock } from '../../src/platform/clock';
import { TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { createRekognitionTestApp, FakeRekognition } from '../support/fake-rekognition';
import { scenePhoto } from '../support/images';

/** A clock that stands still until told to move. */
class SteppedClock extends Clock {
  at = Date.parse('2025-06-01T12:00:00Z');
  now() {
    return new Date(this.at);
  }
}

// The lease of a photo's analysis (its request's, then one retry job's at a time) ends by the
// application's Clock, the same clock that set it: with the clock a year behind the real time, a
// lease compared with the real time would look long over at once.
describe('the lease of a PENDING photo', () => {
  let t: TestApp;
  let device: TestUser;
  const clock = new SteppedClock();
  const rekognition = new FakeRekognition();

  beforeAll(async () => {
    rekognition.faceOf = () => 'frank';
    t = await createRekognitionTestApp(rekognition, 'devices-lease-test', {
      // A lease is 2 × the timeout + 2 s: 4 s.
      env: { REKOGNITION_MAX_ATTEMPTS: '1', RECOGNITION_TIMEOUT_MS: '1000' },
      overrides: [{ provide: Clock, useValue: clock }],
    });
    device = await createUserWithClaims(t, [Claim.TelemetryWrite]);
  });

  afterAll(() => t.close());

  it('is held until the Clock passes its end, then taken by the retry', async () => {
    rekognition.failNext('SearchFacesByImage', 1000, 'InternalServerError');
    const upload = await t.http
      .post('/api/v1/telemetry/photo')
      .set(device.auth)
      .field('deviceId', 'AA:BB:CC:DD:EE:40')
      .field('timestamp', new Date(clock.at - 60_000).toISOString())
      .attach('photo', await scenePhoto(40), { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ status: 'PENDING', receivedAt: '2025-06-01T12:00:00.000Z' });
    const id: string = upload.body.id;
    rekognition.clearFaults();
    const photos = t.app.get(PhotosService);
    const stored = () => t.prisma.photo.findUniqueOrThrow({ where: { id }, select: { status: true, attempts: true, leaseUntil: true } });
    expect(await stored()).toEqual({ status: 'PENDING', attempts: 0, leaseUntil: new Date('2025-06-01T12:00:04.000Z') });

    await expect(photos.retry(id)).rejects.toThrow(`photo ${id} is being analysed by another attempt`);
    clock.at += 3_999;
    await expect(photos.retry(id)).rejects.toThrow(`photo ${id} is being analysed by another attempt`);
    expect(await stored()).toMatchObject({ status: 'PENDING', attempts: 0 });

    clock.at += 2;
    await photos.retry(id);
    expect(await stored()).toEqual({ status: 'ANALYSED', attempts: 1, leaseUntil: null });
  });
});
