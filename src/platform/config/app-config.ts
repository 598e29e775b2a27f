import { Inject, Injectable } from '@nestjs/common';
import { envConfig } from './env.config';
import { Env } from './env.schema';

/** Typed, validated configuration, grouped by concern. Inject this, never process.env. */
@Injectable()
export class AppConfig {
  constructor(@Inject(envConfig.KEY) private readonly env: Env) {}

  private get<K extends keyof Env>(key: K): Env[K] {
    return this.env[key];
  }

  get isProduction(): boolean {
    return this.get('NODE_ENV') === 'production';
  }

  get nodeEnv(): Env['NODE_ENV'] {
    return this.get('NODE_ENV');
  }

  get http() {
    const port = this.get('PORT');
    const origins = this.get('CORS_ORIGINS')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
    return {
      host: this.get('HOST'),
      port,
      publicUrl: (this.get('PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/$/, ''),
      corsOrigins: origins,
      bodyLimit: this.get('BODY_LIMIT'),
      trustProxy: parseTrustProxy(this.get('TRUST_PROXY')),
      throttle: { ttl: this.get('THROTTLE_TTL_MS'), limit: this.get('THROTTLE_LIMIT') },
      shutdownTimeoutMs: this.get('SHUTDOWN_TIMEOUT_MS'),
    };
  }

  get database() {
    return {
      url: this.get('DATABASE_URL'),
      poolSize: this.get('DATABASE_POOL_SIZE'),
      connectTimeoutMs: this.get('DATABASE_CONNECT_TIMEOUT_MS'),
      migrateOnStart: this.get('DATABASE_MIGRATE_ON_START'),
      seedOnStart: this.get('DATABASE_SEED_ON_START'),
    };
  }

  get logging() {
    return {
      level: this.get('LOG_LEVEL'),
      pretty: (this.get('LOG_FORMAT') ?? (this.get('NODE_ENV') === 'development' ? 'pretty' : 'json')) === 'pretty',
    };
  }

  get secrets() {
    return {
      jwtSecret: this.get('JWT_SECRET'),
      fieldEncryptionKeys: this.get('FIELD_ENCRYPTION_KEYS'),
      fieldEncryptionActiveKey: this.get('FIELD_ENCRYPTION_ACTIVE_KEY'),
    };
  }
}

export function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
