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
      queryTimeoutMs: this.get('DATABASE_QUERY_TIMEOUT_MS'),
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

  get auth() {
    return {
      issuer: this.get('JWT_ISSUER'),
      audience: this.get('JWT_AUDIENCE'),
      accessTtlSeconds: this.get('JWT_ACCESS_TTL_SECONDS'),
      refreshTtlSeconds: this.get('JWT_REFRESH_TTL_SECONDS'),
      principalCacheMs: this.get('AUTH_CACHE_TTL_MS'),
      loginLimitPerIp: this.get('LOGIN_RATE_LIMIT_PER_IP'),
      loginDelay: { failuresBeforeDelay: this.get('LOGIN_FAILURES_BEFORE_DELAY'), maxDelaySeconds: this.get('LOGIN_DELAY_MAX_SECONDS') },
    };
  }

  get cardAuthorization() {
    return { timeoutMs: this.get('CARD_AUTHORIZATION_TIMEOUT_MS') };
  }

  get customers() {
    return { eventsRetentionDays: this.get('CUSTOMER_EVENTS_RETENTION_DAYS') };
  }

  get queue() {
    return { maintenanceIntervalSeconds: this.get('QUEUE_MAINTENANCE_INTERVAL_SECONDS') };
  }

  get cashback() {
    const apiUrl = this.get('CASHBACK_API_URL');
    return {
      /** The receiver set by CASHBACK_API_URL; undefined means the local receiver (outside production only). */
      apiUrl,
      localReceiver: apiUrl === undefined && !this.isProduction,
      timeoutMs: this.get('CASHBACK_API_TIMEOUT_MS'),
      deliveryEnabled: this.get('CASHBACK_DELIVERY_ENABLED'),
      retryLimit: this.get('CASHBACK_DELIVERY_RETRY_LIMIT'),
      retryDelaySeconds: this.get('CASHBACK_DELIVERY_RETRY_DELAY_SECONDS'),
    };
  }

  get telemetry() {
    return {
      consumersEnabled: this.get('TELEMETRY_CONSUMERS_ENABLED'),
      batchSize: this.get('TELEMETRY_BATCH_SIZE'),
      retryLimit: this.get('TELEMETRY_RETRY_LIMIT'),
      retryDelaySeconds: this.get('TELEMETRY_RETRY_DELAY_SECONDS'),
      jobTimeoutSeconds: this.get('TELEMETRY_JOB_TIMEOUT_SECONDS'),
      maxFutureSeconds: this.get('TELEMETRY_MAX_FUTURE_SECONDS'),
    };
  }

  get recognition() {
    return {
      provider: this.get('RECOGNITION_PROVIDER'),
      threshold: this.get('RECOGNITION_SIMILARITY_THRESHOLD'),
      timeoutMs: this.get('RECOGNITION_TIMEOUT_MS'),
      retryLimit: this.get('RECOGNITION_RETRY_LIMIT'),
      retryDelaySeconds: this.get('RECOGNITION_RETRY_DELAY_SECONDS'),
      rekognition: {
        region: this.get('AWS_REGION'),
        collectionId: this.get('REKOGNITION_COLLECTION_ID'),
        endpoint: this.get('REKOGNITION_ENDPOINT'),
        maxAttempts: this.get('REKOGNITION_MAX_ATTEMPTS'),
      },
    };
  }

  get photos() {
    return { decodeConcurrency: this.get('PHOTO_DECODE_CONCURRENCY'), decodeWaitMs: this.get('PHOTO_DECODE_WAIT_MS') };
  }

  get demo() {
    return { adminEmail: this.get('DEMO_ADMIN_EMAIL'), adminPassword: this.get('DEMO_ADMIN_PASSWORD') };
  }

  get secrets() {
    const jwtSecret = this.get('JWT_SECRET');
    if (!jwtSecret) throw new Error('JWT_SECRET is not set: the entry point provides it before the application starts');
    return {
      jwtSecret,
      fieldEncryptionKeys: this.get('FIELD_ENCRYPTION_KEYS'),
      fieldEncryptionActiveKey: this.get('FIELD_ENCRYPTION_ACTIVE_KEY'),
      blindIndexKey: this.get('BLIND_INDEX_KEY'),
    };
  }
}

/** false, a hop count or a list of addresses; `true` (trust every hop) is refused by env.schema.ts. */
export function parseTrustProxy(value: string): false | number | string {
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
