import sharp from 'sharp';
import { Claim } from '../../src/platform/auth/claims';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { scenePhoto } from '../support/images';

const DEVICE = 'AA:BB:CC:DD:EE:40';
let second = 0;
const nextTimestamp = () => new Date(Date.UTC(2026, 10, 21, 10, 0, second++)).toISOString();

const upload = (t: TestApp, user: TestUser, bytes: Buffer) =>
  t.http.post('/api/v1/telemetry/photo').set(user.auth).field('deviceId', DEVICE).field('timestamp', nextTimestamp()).attach('photo', bytes, { filename: 'photo.jpg', contentType: 'image/jpeg' });

const metric = async (t: TestApp, name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec((await t.http.get('/metrics')).text)?.[1] ?? NaN);

/** Photos large enough that their decodes overlap when nothing bounds them. */
const photos = (count: number) => Promise.all(Array.from({ length: count }, (_, i) => scenePhoto(100 + i, { width: 2400, height: 1800 })));

/**
 * Decoding a photo holds its pixels in memory until it ends, so decodes are bounded per process
 * (PHOTO_DECODE_CONCURRENCY); uploads beyond the bound wait their turn (PHOTO_DECODE_WAIT_MS), then
 * are refused with 503 and Retry-After. Photos above 50 megapixels are refused before any decode.
 */
describe('photo decodes are bounded (e2e)', () => {
  let t: TestApp;
  let device: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { PHOTO_DECODE_CONCURRENCY: '1', PHOTO_DECODE_WAIT_MS: '60000' } });
    device = await createUserWithClaims(t, [Claim.TelemetryWrite]);
  });

  afterAll(() => t.close());

  it('decodes six simultaneous uploads one at a time, and answers each', async () => {
    const answers = await Promise.all((await photos(6)).map((bytes) => upload(t, device, bytes)));
    expect(answers.map((res) => [res.status, res.body.status, res.body.width])).toEqual(Array(6).fill([201, 'ANALYSED', 2400]));
    expect(await metric(t, 'photo_decodes_in_flight_max')).toBe(1);
    expect(await metric(t, 'photo_decodes_in_flight')).toBe(0);
    expect(await metric(t, 'photo_decodes_waiting')).toBe(0);
  });

  it('refuses a photo above 50 megapixels with 400 INVALID_PHOTO, naming the field', async () => {
    const bomb = await sharp({ create: { width: 8000, height: 7000, channels: 3, background: '#808080' } }).jpeg({ quality: 10 }).toBuffer();
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    const res = await upload(t, device, bomb);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_PHOTO', invalidParams: [{ name: 'photo', reasons: ['photo must be at most 50 megapixels'] }] });
  });
});

describe('photo decodes refused when no slot comes in time (e2e)', () => {
  let t: TestApp;
  let device: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { PHOTO_DECODE_CONCURRENCY: '1', PHOTO_DECODE_WAIT_MS: '0' } });
    device = await createUserWithClaims(t, [Claim.TelemetryWrite]);
  });

  afterAll(() => t.close());

  it('answers 503 PHOTO_DECODER_BUSY with Retry-After, stores nothing for it, and decodes the rest', async () => {
    const answers = await Promise.all((await photos(6)).map((bytes) => upload(t, device, bytes)));
    const busy = answers.filter((res) => res.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(answers.filter((res) => res.status === 201).length).toBe(6 - busy.length);
    for (const res of busy) {
      expect(res.body).toMatchObject({ code: 'PHOTO_DECODER_BUSY', status: 503 });
      expect(res.headers['retry-after']).toBe('2');
    }
    expect(await t.prisma.photo.count()).toBe(6 - busy.length);
    expect(await metric(t, 'photo_decode_refusals_total')).toBe(busy.length);
  });
});
