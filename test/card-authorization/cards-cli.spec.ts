import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, TestApp } from '../support/app';
import { runCli, stopAll } from '../support/processes';

afterEach(stopAll);

describe('card CLI commands', () => {
  let t: TestApp;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cards-cli-'));

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  const cli = (...args: string[]) => runCli(t.database.url, args);

  it('merchants:import creates and updates merchants from CSV, by category or MCC', async () => {
    const file = path.join(dir, 'merchants.csv');
    writeFileSync(file, 'name,category\n"MERCADO   CENTRAL  SP",FOOD\nRESTAURANTE X RJ,5812\nLOJA Y,CASH\n');
    expect(await cli('merchants:import', file)).toEqual({ code: 0, output: 'Imported 3 merchant(s): 3 created, 0 updated, 0 unchanged.\n' });
    writeFileSync(file, 'MERCADO CENTRAL SP,MEAL\nrestaurante x rj,5812\n');
    expect(await cli('merchants:import', file)).toEqual({ code: 0, output: 'Imported 2 merchant(s): 0 created, 1 updated, 1 unchanged.\n' });
    const merchants = await t.prisma.cardMerchant.findMany({ orderBy: { name: 'asc' } });
    expect(merchants.map((m) => [m.name, m.category, m.mcc])).toEqual([
      ['LOJA Y', 'CASH', null],
      ['MERCADO CENTRAL SP', 'MEAL', null],
      ['RESTAURANTE X RJ', 'MEAL', '5812'],
    ]);
    writeFileSync(file, 'BROKEN,GIFT\n');
    expect(await cli('merchants:import', file)).toEqual({ code: 1, output: 'error: line 1: "GIFT" is neither FOOD, MEAL, CASH nor a 4-digit MCC\n' });
    expect(await cli('merchants:import', path.join(dir, 'missing.csv'))).toEqual({ code: 1, output: `error: ${path.join(dir, 'missing.csv')}: no such file or directory\n` });
  });

  it('accounts:create opens an account with its balances, credited in the ledger', async () => {
    expect(await cli('accounts:create', '--id', '777', '--food', '100', '--meal', '50.5')).toEqual({ code: 0, output: 'Created account 777: FOOD 100.00, MEAL 50.50, CASH 0.00.\n' });
    expect(await t.prisma.cardLedgerEntry.count({ where: { accountId: '777', kind: 'CREDIT' } })).toBe(2);
    expect(await cli('accounts:create', '--id', '777')).toEqual({ code: 1, output: 'error: Account 777 already exists.\n' });
    // Refused as POST /accounts refuses the same body, naming the options.
    expect((await cli('accounts:create', '--food', 'lots')).output).toBe('error: --food must be an amount with at most two decimals (e.g. 100.50 or "100.50"), zero or more\n');
    expect(await cli('accounts:create', '--id', 'has spaces', '--customer', 'not-a-uuid', '--cash', '-1')).toEqual({
      code: 1,
      output: 'error: --id must be 1 to 64 letters, digits, _ or -; --customer must be a UUID; --cash must be an amount with at most two decimals (e.g. 100.50 or "100.50"), zero or more\n',
    });
    expect(await cli('accounts:create', '--id', '778', '--customer', '4b0c7a1e-2f7d-4e55-9d1a-8c3f0e6b2a10')).toEqual({ code: 1, output: 'error: customer 4b0c7a1e-2f7d-4e55-9d1a-8c3f0e6b2a10 does not exist\n' });
  });
});
