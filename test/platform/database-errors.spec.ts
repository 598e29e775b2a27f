import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { isDatabaseUnavailable, isUniqueViolation } from '../../src/platform/database/database-errors';
import { createTestDatabase, TestDatabase } from '../support/database';

/** The error a write raised (the test fails if it succeeded). */
async function errorOf(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error('the write succeeded');
}

// What Prisma 7 over @prisma/adapter-pg, and pg itself, really throw: each way the repositories
// write (model query, raw query, interactive transaction, named statement on the pool).
describe('database errors as PostgreSQL, pg and Prisma raise them', () => {
  let database: TestDatabase;
  let pool: Pool;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 2 });
    prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    await prisma.claim.create({ data: { description: 'taken' } });
  });

  afterAll(async () => {
    await prisma.$disconnect();
    if (!pool.ended) await pool.end();
    await database.drop();
  });

  const duplicates: Array<[string, () => Promise<unknown>]> = [
    ['a model create (P2002)', () => prisma.claim.create({ data: { description: 'taken' } })],
    ['a model createMany (P2002)', () => prisma.claim.createMany({ data: [{ description: 'taken' }] })],
    ['a model create in an interactive transaction (P2002)', () => prisma.$transaction((tx) => tx.claim.create({ data: { description: 'taken' } }))],
    ['$executeRaw (P2010 with 23505)', () => prisma.$executeRaw`INSERT INTO claims (description) VALUES ('taken')`],
    ['$queryRawUnsafe (P2010 with 23505)', () => prisma.$queryRawUnsafe(`INSERT INTO claims (description) VALUES ($1) RETURNING id`, 'taken')],
    ['a raw query in an interactive transaction (P2010 with 23505)', () => prisma.$transaction((tx) => tx.$executeRawUnsafe(`INSERT INTO claims (description) VALUES ('taken')`))],
    ['a function raising unique_violation itself', () => prisma.$executeRawUnsafe(`DO $$ BEGIN RAISE unique_violation USING MESSAGE = 'taken'; END $$`)],
    ['a named statement on the pool (pg DatabaseError 23505)', () => pool.query({ name: 'insert_claim', text: 'INSERT INTO claims (description) VALUES ($1)', values: ['taken'] })],
  ];

  it.each(duplicates)('takes a duplicate written by %s for a unique violation', async (_how, write) => {
    const error = await errorOf(write);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  const others: Array<[string, () => Promise<unknown>]> = [
    ['a model create referencing nothing (P2003)', () => prisma.roleClaim.create({ data: { roleId: 999_999, claimId: 999_999n } })],
    ['a raw insert referencing nothing (23503)', () => prisma.$executeRawUnsafe('INSERT INTO role_claims (role_id, claim_id) VALUES (999999, 999999)')],
    ['a raw insert missing a required value (23502)', () => prisma.$executeRawUnsafe('INSERT INTO claims (description) VALUES (NULL)')],
    ['a model update of nothing (P2025)', () => prisma.claim.update({ where: { description: 'absent' }, data: { active: false } })],
    ['a statement on the pool referencing nothing (23503)', () => pool.query('INSERT INTO role_claims (role_id, claim_id) VALUES (999999, 999999)')],
  ];

  it.each(others)('does not take %s for a unique violation', async (_how, write) => {
    expect(isUniqueViolation(await errorOf(write))).toBe(false);
  });
});
