import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { provideDevelopmentSecrets } from './dev-secrets';
import { parseEnv } from './env';

describe('provideDevelopmentSecrets', () => {
  const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'secrets-'));

  it('generates missing secrets once, stores them privately and reuses them', () => {
    const dir = dataDir();
    const first: NodeJS.ProcessEnv = { DATA_DIR: dir };
    expect(provideDevelopmentSecrets(first)).toEqual(['JWT_SECRET', 'FIELD_ENCRYPTION_KEYS', 'BLIND_INDEX_KEY', 'DEMO_ADMIN_PASSWORD']);
    expect(() => parseEnv(first)).not.toThrow();
    const file = path.join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second: NodeJS.ProcessEnv = { DATA_DIR: dir };
    provideDevelopmentSecrets(second);
    expect(second.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(second.FIELD_ENCRYPTION_KEYS).toBe(first.FIELD_ENCRYPTION_KEYS);
    expect(JSON.parse(readFileSync(file, 'utf8')).JWT_SECRET).toBe(first.JWT_SECRET);
  });

  it('leaves secrets that are set alone', () => {
    const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir(), JWT_SECRET: 'given-secret-given-secret-given-secret' };
    expect(provideDevelopmentSecrets(env)).toEqual(['FIELD_ENCRYPTION_KEYS', 'BLIND_INDEX_KEY', 'DEMO_ADMIN_PASSWORD']);
    expect(env.JWT_SECRET).toBe('given-secret-given-secret-given-secret');
  });

  it('never generates anything in production', () => {
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', DATA_DIR: dataDir() };
    expect(provideDevelopmentSecrets(env)).toEqual([]);
    expect(env.JWT_SECRET).toBeUndefined();
  });
});
