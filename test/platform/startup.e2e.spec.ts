import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort, startNode, stopAll, waitForOutput } from '../support/processes';

// A failed expectation must not leave a server running (it would keep jest alive).
afterEach(stopAll);

const SECRETS = {
  JWT_SECRET: 'startup-test-secret-startup-test-secret',
  FIELD_ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
  BLIND_INDEX_KEY: 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=',
  DEMO_ADMIN_PASSWORD: 'Demo-password-for-startup-1',
};

const READY = /"msg":"Benefits Platform API \S+ ready at (http:\/\/\S+) in (\d+) ms, database (embedded|from DATABASE_URL); API reference: (\S+)"/;

// The compiled API (dist/main.js) started as `npm start` starts it, with its real exit paths.
describe('npm start (dist/main.js)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(() => database.drop());

  it('serves on DATABASE_URL, logs one line with the docs URL, and stops on SIGTERM within 5 s', async () => {
    const port = await freePort();
    const api = startNode(['dist/main.js'], { ...SECRETS, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'api-')) });
    const [, url, , mode, docs] = await waitForOutput(api, READY);
    expect(url).toBe(`http://localhost:${port}`);
    expect(mode).toBe('from DATABASE_URL');
    expect(docs).toBe(`http://localhost:${port}/docs`);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    expect(api.output()).toContain('seed: ');
    expect(api.output()).not.toContain('embedded PostgreSQL');

    const sentAt = Date.now();
    api.child.kill('SIGTERM');
    const { code, at } = await api.exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeLessThan(5000);
  });

  it('fails fast with one line when the port is taken', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
    try {
      const api = startNode(['dist/main.js'], { ...SECRETS, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1' });
      expect((await api.exited).code).toBe(1);
      expect(api.output()).toBe(`error: port ${port} on 127.0.0.1 is already in use; stop the other process or set PORT\n`);
    } finally {
      blocker.close();
    }
  });

  it('fails fast with one line when the database is unreachable', async () => {
    const dead = await freePort();
    const api = startNode(['dist/main.js'], {
      ...SECRETS,
      DATABASE_URL: `postgresql://app:pw@127.0.0.1:${dead}/app`,
      PORT: String(await freePort()),
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
    });
    expect((await api.exited).code).toBe(1);
    expect(api.output()).toMatch(new RegExp(`^error: Cannot reach the database at postgresql://app:\\*\\*\\*@127\\.0\\.0\\.1:${dead}/app: .*ECONNREFUSED.*\\n$`));
  });

  it('in production, refuses to start without its required settings', async () => {
    const api = startNode(['dist/main.js'], { NODE_ENV: 'production', PORT: String(await freePort()) });
    expect((await api.exited).code).toBe(1);
    expect(api.output()).toBe('error: Missing required production settings: DATABASE_URL, JWT_SECRET, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY, CASHBACK_API_URL\n');
  });

  it('in production, refuses to start without a cashback receiver, naming CASHBACK_API_URL', async () => {
    const api = startNode(['dist/main.js'], { ...SECRETS, NODE_ENV: 'production', DATABASE_URL: 'postgresql://app:pw@127.0.0.1:9/app', PORT: String(await freePort()) });
    expect((await api.exited).code).toBe(1);
    expect(api.output()).toBe('error: Missing required production setting: CASHBACK_API_URL\n');
  });

  it('names an invalid setting', async () => {
    const api = startNode(['dist/main.js'], { PORT: 'eighty' });
    expect((await api.exited).code).toBe(1);
    expect(api.output()).toMatch(/^error: Invalid configuration: PORT .*\n$/);
  });
});

describe('npm start without DATABASE_URL (embedded PostgreSQL)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'embedded-'));
  const clusterDir = path.join(dataDir, 'postgres');
  const env = async () => ({ DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1', EMBEDDED_DATABASE_PORT: '0' });

  it('creates the cluster and secrets under DATA_DIR, shares the server with the CLI, and stops it on SIGINT', async () => {
    const api = startNode(['dist/main.js'], await env());
    const [, url, , mode] = await waitForOutput(api, READY, 60_000);
    expect(mode).toBe('embedded');
    expect(api.output()).toMatch(/JWT_SECRET is not set: using a development value generated in .*secrets\.json/);
    expect(api.output()).toMatch(/"msg":"seed: 76 row\(s\) created \(roles-and-claims 63, demo-admin 1, demo-customers 3, card-merchants 4, demo-card-accounts 1, product-types 3, demo-device 1\)/);
    // Logged just before the ready line, by the boot logger: a busy machine may deliver it a moment later.
    await waitForOutput(api, /demo login: POST /);
    expect(existsSync(path.join(dataDir, 'secrets.json'))).toBe(true);
    expect((await fetch(`${url.replace('localhost', '127.0.0.1')}/health/ready`)).status).toBe(200);

    // A CLI command while the API runs uses the same server instead of starting another one.
    const state = () => JSON.parse(readFileSync(path.join(dataDir, 'embedded-postgres.json'), 'utf8'));
    const port = state().port;
    const status = startNode(['dist/cli.js', 'db:status'], await env());
    expect((await status.exited).code).toBe(0);
    expect(status.output()).toMatch(/^\d+ applied, 0 pending\n[\s\S]*Database schema is up to date\.\n$/);
    expect(state().port).toBe(port);
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(true);

    const sentAt = Date.now();
    api.child.kill('SIGINT');
    const { code, at } = await api.exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeLessThan(5000);
    expect(api.output()).toContain('embedded PostgreSQL stopped');
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
  });

  it('reuses the data on the next start and seeds nothing twice', async () => {
    const api = startNode(['dist/main.js'], await env());
    await waitForOutput(api, READY, 60_000);
    expect(api.output()).toMatch(/"msg":"seed: 0 row\(s\) created/);
    expect(api.output()).not.toContain('creating the embedded PostgreSQL cluster');
    api.child.kill('SIGTERM');
    expect((await api.exited).code).toBe(0);
  });

  it('lets a CLI command start and stop the server itself when no API runs', async () => {
    const seed = startNode(['dist/cli.js', 'db:seed'], await env());
    expect((await seed.exited).code).toBe(0);
    expect(seed.output()).toContain('Seed done: 0 row(s) created.');
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
  });
});

const CPF = '62096654203';
const CPF_FORMATTED = '620.966.542-03';
const EMAIL = 'someone.private@example.com';

describe('logs', () => {
  it('never contain passwords, tokens or CPFs sent in query strings, at debug level either', async () => {
    const database = await createTestDatabase();
    try {
      const port = await freePort();
      const password = 'Demo-password-for-logs-1';
      const api = startNode(['dist/main.js'], {
        ...SECRETS,
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'trace',
        DEMO_ADMIN_PASSWORD: password,
        JWT_SECRET: SECRETS.JWT_SECRET,
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'logs-')),
      });
      await waitForOutput(api, READY);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@demo.local', password }),
      });
      const { accessToken, refreshToken } = (await login.json()) as { accessToken: string; refreshToken: string };
      await fetch(`http://127.0.0.1:${port}/api/v1/users`, { headers: { authorization: `Bearer ${accessToken}` } });
      const auth = { authorization: `Bearer ${accessToken}` };
      const cpfLookups = [`/api/v1/customers?cpf=${CPF}&limit=5`, `/api/v1/cashback?document=${CPF}`, `/api/v1/customers?CPF=${encodeURIComponent(CPF_FORMATTED)}`, `/api/v1/users?email=${encodeURIComponent(EMAIL)}`];
      for (const url of cpfLookups) await fetch(`http://127.0.0.1:${port}${url}`, { headers: auth });
      await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@demo.local', password: 'Wrong-but-secret-9' }) });
      await waitForOutput(api, /login refused/);
      api.child.kill('SIGTERM');
      await api.exited;
      const output = api.output();
      expect(output).toContain('"url":"/api/v1/users"');
      expect(output).toContain('"url":"/api/v1/customers?cpf=[redacted]&limit=5"');
      expect(output).toContain('"url":"/api/v1/cashback?document=[redacted]"');
      const secrets = [password, 'Wrong-but-secret-9', accessToken, refreshToken, SECRETS.JWT_SECRET, CPF, CPF_FORMATTED, encodeURIComponent(CPF_FORMATTED), EMAIL, encodeURIComponent(EMAIL)];
      for (const secret of secrets) expect(output).not.toContain(secret);
    } finally {
      await database.drop();
    }
  });
});
