import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_CLAIMS } from '../../src/platform/auth/claims';
import { cpfFromBase, formatCpf } from '../../src/customers/cpf';
import { SeedService } from '../../src/seed/seed.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { createEmptyDatabase, TestDatabase } from '../support/database';
import { scenePhoto } from '../support/images';
import { runCli, stopAll } from '../support/processes';
import { eventually } from '../support/wait';

afterEach(stopAll);

const CPF = formatCpf(cpfFromBase('318555427'));
const TABLES = ['users', 'roles', 'claims', 'audit_events', 'customers', 'customer_profiles', 'customer_events', 'card_accounts', 'card_transactions', 'card_merchants', 'product_types', 'cashback_items', 'cashback_purchases', 'devices', 'gyroscope_readings', 'gps_readings', 'photos', 'photo_contents', '_prisma_migrations'];

// A database with data from every module is backed up with db:backup, restored with db:restore
// into a new database, and served again by the app: same rows, encrypted fields readable.
describe('db:backup and db:restore', () => {
  let source: TestApp;
  let admin: TestUser;
  let target: TestDatabase;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'backup-test-'));
  const archive = path.join(dir, 'benefits.dump');
  const ids: Record<string, string> = {};

  const counts = async (t: TestApp) => {
    const result: Record<string, number> = {};
    for (const table of TABLES) result[table] = (await t.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`))[0].n;
    return result;
  };

  beforeAll(async () => {
    source = await createTestApp({ env: { TELEMETRY_CONSUMERS_ENABLED: 'true' } });
    await source.app.get(SeedService).run();
    admin = await createUserWithClaims(source, ALL_CLAIMS);
    const http = source.http;
    const customer = await http.post('/api/v1/customers').set(admin.auth).send({
      cpf: CPF,
      name: 'Maria Backup',
      address: { street: 'Rua do Arquivo', number: '7', city: 'Recife', state: 'PE', postalCode: '50000-000' },
      debts: [{ creditor: 'Banco Restauro', amount: '99.90', dueDate: '2027-01-10', status: 'OPEN' }],
      birthDate: '1990-01-01',
      assets: [],
      incomeSources: [],
    });
    expect(customer.status).toBe(201);
    ids.customer = customer.body.id;
    expect((await http.post('/api/v1/accounts').set(admin.auth).send({ id: 'backup-1', balances: { FOOD: 100, MEAL: 50, CASH: 10 }, customerId: ids.customer })).status).toBe(201);
    expect((await http.post('/api/v1/transactions').set(admin.auth).send({ id: 'tx-backup-1', accountId: 'backup-1', amount: '12.50', mcc: '5411', merchant: 'MERCADO BACKUP' })).body).toEqual({ code: '00' });
    const purchase = await http.post('/api/v1/cashback').set(admin.auth).send({ sold_at: '2026-11-01 10:00:00', customer: { document: CPF, name: 'Maria Backup' }, total: '20.00', products: [{ type: 'A', value: '20.00', qty: 1 }] });
    expect(purchase.status).toBe(201);
    ids.purchase = purchase.body.id;
    await http.post('/api/v1/telemetry/gps').set(admin.auth).send({ deviceId: 'AA:BB:CC:00:00:01', latitude: -8.05, longitude: -34.9, timestamp: '2026-11-20T10:00:00Z' }).expect(202);
    await http.post('/api/v1/telemetry/gyroscope').set(admin.auth).send({ deviceId: 'AA:BB:CC:00:00:01', x: 1, y: 2, z: 3, timestamp: '2026-11-20T10:00:00Z' }).expect(202);
    const photo = await http.post('/api/v1/telemetry/photo').set(admin.auth).field('deviceId', 'AA:BB:CC:00:00:01').field('timestamp', '2026-11-20T10:00:00Z').attach('photo', await scenePhoto(42), 'p.jpg');
    expect(photo.status).toBe(201);
    ids.photo = photo.body.id;
    await eventually(async () => (await source.prisma.gpsReading.count()) === 1 && (await source.prisma.gyroscopeReading.count()) === 1);
    target = await createEmptyDatabase();
  });

  afterAll(async () => {
    await source?.close();
    await target?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores every module into a new database, encrypted fields readable', async () => {
    const backup = await runCli(source.database.url, ['db:backup', '--out', archive]);
    expect(backup.code).toBe(0);
    expect(backup.output).toMatch(/^Backed up postgresql:\/\/\S+ to \S+benefits\.dump \(\d+\.\d MiB\) in \d+\.\d s\.\nRestore with: npm run cli -- db:restore --in \S+\n$/);
    const password = new URL(source.database.url).password;
    if (password) expect(backup.output).not.toContain(password);

    const restore = await runCli(target.url, ['db:restore', '--in', archive]);
    expect(restore.code).toBe(0);
    expect(restore.output).toMatch(/Schema: \d+ migration\(s\) applied, 0 pending\.\n$/);

    const restored = await createTestApp({ database: target });
    try {
      expect(await counts(restored)).toEqual(await counts(source));
      const customer = await restored.http.get(`/api/v1/customers/${ids.customer}`).set(admin.auth);
      expect(customer.status).toBe(200);
      expect(customer.body).toMatchObject({ cpf: CPF, name: 'Maria Backup', address: { street: 'Rua do Arquivo' }, debts: [{ creditor: 'Banco Restauro', amount: '99.90' }] });
      expect((await restored.http.get('/api/v1/accounts/backup-1').set(admin.auth)).body.balances).toMatchObject({ FOOD: '87.50' });
      expect((await restored.http.get(`/api/v1/cashback/${ids.purchase}`).set(admin.auth)).body).toMatchObject({ document: expect.stringContaining('318') });
      expect((await restored.http.get('/api/v1/telemetry/devices/AA:BB:CC:00:00:01/gps').set(admin.auth)).body.items[0]).toMatchObject({ latitude: -8.05, longitude: -34.9 });
      const content = await restored.http.get(`/api/v1/telemetry/photos/${ids.photo}/content`).set(admin.auth);
      expect(content.status).toBe(200);
      expect(Number(content.headers['content-length'])).toBe((await scenePhoto(42)).length);
      // The queue travelled too: its schema and queues are in the archive.
      expect((await restored.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.queue`))[0].n).toBeGreaterThan(0);
    } finally {
      await restored.close();
    }
  });

  it('refuses to restore over a database with data unless told to', async () => {
    const refused = await runCli(source.database.url, ['db:restore', '--in', archive]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/^error: postgresql:\/\/\S+ is not empty \(\d+ tables\); restore into a new database, or pass --force to replace its contents\n$/);
    const missing = await runCli(target.url, ['db:restore', '--in', path.join(dir, 'nope.dump')]);
    expect(missing.output).toBe(`error: ${path.join(dir, 'nope.dump')} does not exist\n`);
    expect((await runCli(target.url, ['db:backup'])).output).toBe('error: --out <file> is required, e.g. npm run cli -- db:backup --out backup.dump\n');
  });
});
