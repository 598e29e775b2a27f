import { randomBytes } from 'node:crypto';
import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase } from '../../src/customers/cpf';
import { CustomersService } from '../../src/customers/customers.service';
import { KeyRotationService } from '../../src/customers/key-rotation.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims } from '../support/auth';

const TEST1 = process.env.FIELD_ENCRYPTION_KEYS!;
const TEST2 = `test2:${randomBytes(32).toString('base64')}`;
const COUNT = 240;

describe('key rotation', () => {
  let before: TestApp;

  beforeAll(async () => {
    before = await createTestApp();
    const customers = before.app.get(CustomersService);
    for (let i = 0; i < COUNT; i += 1) {
      await customers.create({
        cpf: cpfFromBase(String(100_000_000 + i * 7_919).slice(0, 9)),
        name: `Customer ${i}`,
        address: { street: 'Rua', number: String(i), city: 'São Paulo', state: 'SP', postalCode: '01310100' },
        debts: [{ creditor: 'Bank', amountCents: BigInt(i + 1), dueDate: '2026-12-01', status: 'OPEN' }],
        birthDate: null,
        assets: [],
        incomeSources: [],
      });
    }
  });

  afterAll(() => before.close());

  it('re-encrypts every row under the new active key while the API keeps reading them, resumably', async () => {
    const after = await createTestApp({ env: { FIELD_ENCRYPTION_KEYS: `${TEST1},${TEST2}`, FIELD_ENCRYPTION_ACTIVE_KEY: 'test2' }, database: before.database });
    try {
      const reader = await createUserWithClaims(after, [Claim.CustomersRead, Claim.CustomersReadSensitive]);
      const ids = (await after.prisma.customer.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((row) => row.id);
      const rotation = after.app.get(KeyRotationService);
      expect(await rotation.remaining()).toBe(COUNT);

      // Interrupted after the first batch...
      await expect(
        rotation.rotate({
          batchSize: 50,
          onBatch: () => {
            throw new Error('operator pressed Ctrl-C');
          },
        }),
      ).rejects.toThrow('operator pressed Ctrl-C');
      expect(await rotation.remaining()).toBe(COUNT - 50);

      // ...then run again while the API serves tier-A reads of every row.
      let reads = 0;
      let serving = true;
      const readLoop = (async () => {
        while (serving) {
          const id = ids[reads % ids.length];
          const res = await after.http.get(`/api/v1/customers/${id}`).set(reader.auth);
          expect({ status: res.status, name: res.body.name }).toEqual({ status: 200, name: expect.stringMatching(/^Customer \d+$/) });
          reads += 1;
        }
      })();
      const progress: number[] = [];
      const result = await rotation.rotate({ batchSize: 50, onBatch: ({ remaining }) => progress.push(remaining) });
      serving = false;
      await readLoop;

      expect(result).toEqual({ rotated: COUNT - 50, remaining: 0 });
      expect(progress).toEqual([140, 90, 40, 0]);
      expect(reads).toBeGreaterThan(0);
      const rows = await after.prisma.customer.findMany({ select: { encKeyId: true, cpfEnc: true, nameEnc: true, addressEnc: true, debtsEnc: true } });
      for (const row of rows) {
        expect(row.encKeyId).toBe('test2');
        for (const value of [row.cpfEnc, row.nameEnc, row.addressEnc, row.debtsEnc]) expect(value.startsWith('v1.test2.')).toBe(true);
      }
      const sample = await after.http.get(`/api/v1/customers/${ids[7]}`).set(reader.auth);
      expect(sample.body.debts[0].amount).toMatch(/^\d+\.\d{2}$/);
      expect(await rotation.rotate({ batchSize: 50 })).toEqual({ rotated: 0, remaining: 0 });
      const audits = await after.prisma.auditEvent.findMany({ where: { action: 'keys.rotate' } });
      expect(audits.map((audit) => ({ entityId: audit.entityId, changes: audit.changes }))).toEqual([{ entityId: 'test2', changes: { rows: { to: COUNT - 50 } } }]);
    } finally {
      await after.app.close();
    }
  });

  it('refuses to start when data is under a key that is not configured', async () => {
    await expect(createTestApp({ env: { FIELD_ENCRYPTION_KEYS: `test3:${randomBytes(32).toString('base64')}` }, database: before.database })).rejects.toThrow(
      `FIELD_ENCRYPTION_KEYS lacks key id in use: test2 (${COUNT} customers); restore the key or the data cannot be read`,
    );
  });
});

