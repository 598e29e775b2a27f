// Runs once per `npm test`, in plain Node (not in a jest worker): builds dist/ if stale, brings up
// PostgreSQL (embedded in a temporary folder, or the server of DATABASE_URL) and migrates a
// template database that every test file clones. Uses the product's own code from dist/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

export default async function globalSetup() {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'ensure-build.mjs')], { cwd: root, stdio: 'inherit' });
  const { EmbeddedPostgres } = require(path.join(root, 'dist/platform/database/embedded-postgres.js'));
  const { MigrationRunner } = require(path.join(root, 'dist/platform/database/migrations.js'));
  const { withDatabase } = require(path.join(root, 'dist/platform/database/database-url.js'));
  const pg = require('pg');

  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'benefits-test-'));
    const embedded = new EmbeddedPostgres({ dataDir, port: 0 });
    serverUrl = await embedded.acquire();
    globalThis.__EMBEDDED_POSTGRES__ = { embedded, dataDir };
  }

  const template = `test_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const applied = await new MigrationRunner(withDatabase(serverUrl, template)).apply();
  if (!applied.length) throw new Error('no migration found in prisma/migrations');
  // pg-boss creates its schema on first start; doing it once here spares every test file.
  const PgBoss = require('pg-boss');
  const boss = new PgBoss({ connectionString: withDatabase(serverUrl, template), max: 1, schema: 'pgboss', supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });

  process.env.TEST_DATABASE_SERVER_URL = serverUrl;
  process.env.TEST_DATABASE_TEMPLATE = template;
}
