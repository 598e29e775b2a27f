import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Claim } from '../../src/platform/auth/claims';
import { cpfFromBase } from '../../src/customers/cpf';
import { CustomersService } from '../../src/customers/customers.service';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims, TestUser } from '../support/auth';
import { runCli, stopAll } from '../support/processes';

afterEach(stopAll);

describe('score-data export', () => {
  let t: TestApp;
  let reader: TestUser;
  const names: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    reader = await createUserWithClaims(t, [Claim.CustomersRead]);
    const customers = t.app.get(CustomersService);
    for (let i = 0; i < 25; i += 1) {
      names.push(`Pessoa Número ${i}`);
      await customers.create({
        cpf: cpfFromBase(String(200_000_000 + i * 104_729).slice(0, 9)),
        name: names[i],
        address: { street: 'Rua Secreta', number: String(i), city: 'Recife', state: 'PE', postalCode: '50030230' },
        debts: [],
        birthDate: '1990-01-01',
        assets: [{ type: 'INVESTMENT', description: 'CDB', valueCents: BigInt(i * 1000) }],
        incomeSources: [{ source: 'Salário', monthlyAmountCents: 300_000n }],
      });
    }
  });

  afterAll(() => t.close());

  const checkLines = (text: string) => {
    const lines = text.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(25);
    expect(new Set(lines.map((line) => line.pseudonymousId)).size).toBe(25);
    expect(lines[0]).toEqual({
      pseudonymousId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      age: expect.any(Number),
      region: { city: 'Recife', state: 'PE', postalCodePrefix: '50030' },
      assets: [{ type: 'INVESTMENT', value: expect.stringMatching(/^\d+\.00$/) }],
      incomeSources: [{ monthlyAmount: '3000.00' }],
      totalAssets: expect.any(String),
      totalMonthlyIncome: '3000.00',
    });
    for (const secret of ['Pessoa', 'Rua Secreta', '1990-01-01', 'Salário', 'CDB']) expect(text).not.toContain(secret);
  };

  it('streams NDJSON over HTTP to customers:read, under pseudonyms', async () => {
    const res = await t.http.get('/api/v1/customers/score-data/export').set(reader.auth).buffer(true).parse((response, done) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    checkLines(res.body as string);
    const ids = (await t.prisma.customer.findMany({ select: { id: true } })).map((row) => row.id);
    for (const id of ids) expect(res.body).not.toContain(id);
    expect(await t.prisma.auditEvent.count({ where: { action: 'customer.score-data.export', actor: reader.email } })).toBe(1);
  });

  it('writes the same export to a file from the CLI', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'score-')), 'score.ndjson');
    expect(await runCli(t.database.url, ['customers:export-score-data', '--out', file])).toEqual({ code: 0, output: `Exported 25 customer(s) to ${file}.\n` });
    checkLines(readFileSync(file, 'utf8'));
  });
});
