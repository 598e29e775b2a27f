import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default async function globalTeardown() {
  const pg = require('pg');
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_SERVER_URL });
  await admin.connect();
  // Test files drop their own databases; this catches any left by a crashed worker.
  const leftovers = await admin.query(
    `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
    [process.env.TEST_DATABASE_TEMPLATE, `${process.env.TEST_DATABASE_TEMPLATE.replace('template', 'db')}%`],
  );
  for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();
  const state = globalThis.__EMBEDDED_POSTGRES__;
  if (state) {
    await state.embedded.release();
    rmSync(state.dataDir, { recursive: true, force: true });
  }
}
