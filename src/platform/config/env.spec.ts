import { ConfigurationError } from './config.errors';
import { parseEnv } from './env';
import { ENV_VARIABLES } from './env.schema';

const KEY = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

describe('parseEnv', () => {
  it('applies every documented default to an empty environment', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.NODE_ENV).toBe('development');
    expect(env.DATABASE_MIGRATE_ON_START).toBe(true);
    expect(env.DATABASE_URL).toBeUndefined();
    for (const [name, variable] of Object.entries(ENV_VARIABLES)) {
      if ('default' in variable) expect(env[name as keyof typeof env]).not.toBeUndefined();
    }
  });

  it('coerces numbers and booleans from strings', () => {
    const env = parseEnv({ PORT: '8080', DATABASE_MIGRATE_ON_START: 'false', DATABASE_POOL_SIZE: '25' });
    expect(env).toMatchObject({ PORT: 8080, DATABASE_MIGRATE_ON_START: false, DATABASE_POOL_SIZE: 25 });
  });

  it('treats an empty value as unset', () => {
    expect(parseEnv({ PORT: '', DATABASE_URL: '' })).toMatchObject({ PORT: 3000, DATABASE_URL: undefined });
  });

  it('names every invalid variable in one line', () => {
    expect(() => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(
      /^Invalid configuration: .*PORT.*; DATABASE_URL must be a postgresql:\/\/ URL; LOG_LEVEL/,
    );
  });

  it('refuses short JWT secrets and malformed encryption keys', () => {
    expect(() => parseEnv({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
    expect(() => parseEnv({ FIELD_ENCRYPTION_KEYS: 'k1:not-base64' })).toThrow(/FIELD_ENCRYPTION_KEYS/);
    expect(parseEnv({ FIELD_ENCRYPTION_KEYS: `${KEY},k2:${KEY.slice(3)}` }).FIELD_ENCRYPTION_KEYS).toContain('k2:');
  });

  it('refuses TRUST_PROXY=true, which would believe any client-written X-Forwarded-For, and takes hop counts and addresses', () => {
    for (const value of ['true', 'TRUE', ' true ']) expect(() => parseEnv({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY must not be true .*give the number of proxies in front of the API/);
    for (const value of ['false', '1', '2', 'loopback', '10.0.0.0/8, 127.0.0.1']) expect(parseEnv({ TRUST_PROXY: value }).TRUST_PROXY).toBe(value);
  });

  it('refuses an active key id that is not configured', () => {
    expect(() => parseEnv({ FIELD_ENCRYPTION_KEYS: KEY, FIELD_ENCRYPTION_ACTIVE_KEY: 'k9' })).toThrow(/FIELD_ENCRYPTION_ACTIVE_KEY k9 is not one of the ids in FIELD_ENCRYPTION_KEYS \(k1\)/);
  });

  it('in production, requires the database URL, every secret and the cashback receiver', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(
      new ConfigurationError('Missing required production settings: DATABASE_URL, JWT_SECRET, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY, CASHBACK_API_URL'),
    );
    const complete = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app@db:5432/app',
      JWT_SECRET: 'x'.repeat(40),
      FIELD_ENCRYPTION_KEYS: KEY,
      BLIND_INDEX_KEY: KEY.slice(3),
      CASHBACK_API_URL: 'https://cashback.example.com/api/cashback',
    };
    expect(parseEnv(complete).NODE_ENV).toBe('production');
    expect(() => parseEnv({ ...complete, CASHBACK_API_URL: '' })).toThrow(new ConfigurationError('Missing required production setting: CASHBACK_API_URL'));
  });

  it('delivers nowhere by default: no cashback receiver outside this machine unless one is set', () => {
    expect(parseEnv({}).CASHBACK_API_URL).toBeUndefined();
    expect(ENV_VARIABLES.CASHBACK_API_URL).not.toHaveProperty('default');
  });
});
