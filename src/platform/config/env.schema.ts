import { z } from 'zod';

/**
 * Every environment variable the product reads, with its default and meaning. `.env.example`
 * and docs/configuration.md are checked against this list by test/config/configuration-files.spec.ts.
 */
export interface EnvVariable {
  schema: z.ZodType;
  /** Default as written in `.env.example`; `undefined` means unset by default. */
  default?: string;
  secret?: boolean;
  description: string;
}

const bool = () => z.stringbool();
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ENV_VARIABLES = {
  NODE_ENV: {
    schema: z.enum(['development', 'test', 'production']),
    default: 'development',
    description: 'development, test or production. Production requires every secret to be set and disables demo data.',
  },
  HOST: {
    schema: z.string().min(1),
    default: '0.0.0.0',
    description: 'Interface the HTTP server binds to.',
  },
  PORT: {
    schema: int(0, 65535),
    default: '3000',
    description: 'HTTP port.',
  },
  PUBLIC_URL: {
    schema: z.url().optional(),
    description: 'Base URL the API is reached at, printed in the start-up line; defaults to http://localhost:PORT.',
  },
  DATA_DIR: {
    schema: z.string().min(1),
    default: '.data',
    description: 'Folder for local state: the embedded PostgreSQL cluster and the secrets generated in development.',
  },
  DATABASE_URL: {
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
    secret: true,
    description: 'PostgreSQL connection URL. When unset, an embedded PostgreSQL is started under DATA_DIR.',
  },
  DATABASE_POOL_SIZE: {
    schema: int(1, 500),
    default: '10',
    description: 'Maximum connections in the pool of each API process (the job queue opens up to 4 more).',
  },
  DATABASE_CONNECT_TIMEOUT_MS: {
    schema: int(100, 120_000),
    default: '5000',
    description: 'How long to wait for a database connection before failing.',
  },
  DATABASE_QUERY_TIMEOUT_MS: {
    schema: int(100, 600_000),
    default: '5000',
    description:
      'Longest a statement may run (statement_timeout) and the process waits for its answer, so a stalled database gets 503 DATABASE_UNAVAILABLE instead of holding requests.',
  },
  CARD_AUTHORIZATION_TIMEOUT_MS: {
    schema: int(50, 60_000),
    default: '2000',
    description:
      'Longest a card authorization may wait for the database, pool wait included; past it the authorizer answers 07 (DATABASE_UNAVAILABLE in the log) and the database discards the authorization, so nothing is debited later.',
  },
  DATABASE_MIGRATE_ON_START: {
    schema: bool(),
    default: 'true',
    description: 'Apply pending migrations when the API or a CLI command starts. Turn off when a separate job migrates.',
  },
  DATABASE_SEED_ON_START: {
    schema: bool(),
    default: 'true',
    description: 'Seed reference data (and, outside production, demo data) at start. Seeding is idempotent.',
  },
  EMBEDDED_DATABASE_PORT: {
    schema: int(0, 65535),
    default: '54329',
    description: 'Port of the embedded PostgreSQL (127.0.0.1 only); 0 picks a free one. Another free port is used when it is taken.',
  },
  JWT_SECRET: {
    schema: z.string().min(32, 'must be at least 32 characters').optional(),
    secret: true,
    description: 'Secret that signs access tokens (HS256). Required in production; generated under DATA_DIR in development.',
  },
  FIELD_ENCRYPTION_KEYS: {
    schema: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/,
        'must be a comma-separated list of id:base64 entries, each key 32 bytes',
      )
      .optional(),
    secret: true,
    description: 'Keys for encryption at rest, as id:base64(32 bytes)[,id:key...]. Required in production; generated under DATA_DIR in development.',
  },
  BLIND_INDEX_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64')
      .optional(),
    secret: true,
    description: 'Key of the keyed hashes used to look up encrypted values (CPF). Never rotated with FIELD_ENCRYPTION_KEYS. Required in production; generated under DATA_DIR in development.',
  },
  FIELD_ENCRYPTION_ACTIVE_KEY: {
    schema: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(),
    description: 'Id of the key new values are encrypted with; defaults to the first key of FIELD_ENCRYPTION_KEYS.',
  },
  JWT_ISSUER: {
    schema: z.string().min(1),
    default: 'benefits-platform-api',
    description: 'Issuer (iss) written into and required from every access token.',
  },
  JWT_AUDIENCE: {
    schema: z.string().min(1),
    default: 'benefits-platform-api',
    description: 'Audience (aud) written into and required from every access token.',
  },
  JWT_ACCESS_TTL_SECONDS: {
    schema: int(60, 86_400),
    default: '900',
    description: 'Lifetime of access tokens from login and refresh (15 minutes by default).',
  },
  JWT_REFRESH_TTL_SECONDS: {
    schema: int(300, 31_536_000),
    default: '2592000',
    description: 'Lifetime of refresh tokens (30 days by default); each use rotates the token.',
  },
  AUTH_CACHE_TTL_MS: {
    schema: int(0, 900_000),
    default: '15000',
    description: "How long a process reuses a caller's user, role and claims before reading them again; disabling a user or claim takes effect within this time.",
  },
  LOGIN_RATE_LIMIT_PER_IP: {
    schema: int(1, 100_000),
    default: '20',
    description: 'Login attempts allowed per client IP per minute, whatever the e-mail.',
  },
  LOGIN_FAILURES_BEFORE_DELAY: {
    schema: int(1, 100_000),
    default: '5',
    description:
      'Failed logins in a row for one e-mail from one client address after which that pair must wait: 1 s, doubling with each further failure up to LOGIN_DELAY_MAX_SECONDS. Other addresses, the owner included, are not slowed.',
  },
  LOGIN_DELAY_MAX_SECONDS: {
    schema: int(1, 86_400),
    default: '900',
    description: 'Longest lock of an (e-mail, client address) pair after repeated failed logins.',
  },
  DEMO_ADMIN_EMAIL: {
    schema: z.email(),
    default: 'admin@demo.local',
    description: 'E-mail of the demo administrator seeded outside production.',
  },
  DEMO_ADMIN_PASSWORD: {
    schema: z.string().min(12).optional(),
    secret: true,
    description: 'Password of the demo administrator (outside production only); generated under DATA_DIR when unset.',
  },
  CUSTOMER_EVENTS_RETENTION_DAYS: {
    schema: int(1, 36_500),
    default: '1825',
    description: 'How long tier-C events of deleted customers are kept before customers:purge-events removes them (5 years by default).',
  },
  QUEUE_MAINTENANCE_INTERVAL_SECONDS: {
    schema: int(1, 300),
    default: '15',
    description: 'How often the queue looks for jobs left running by a process that died (past their time limit) and retries them.',
  },
  CASHBACK_API_URL: {
    schema: z.url().optional(),
    description:
      'Where accepted purchases are delivered: POST {document, cashback}. Required in production. Unset outside production: deliveries go to the local receiver this API serves on its own port at /api/v1/dev/cashback-receiver (nothing leaves the machine).',
  },
  CASHBACK_API_TIMEOUT_MS: {
    schema: int(100, 120_000),
    default: '5000',
    description: 'How long one delivery attempt may take before it counts as failed.',
  },
  CASHBACK_DELIVERY_ENABLED: {
    schema: bool(),
    default: 'true',
    description: 'Run the delivery workers in this API process (turn off on replicas that should only accept purchases).',
  },
  CASHBACK_DELIVERY_RETRY_LIMIT: {
    schema: int(0, 100),
    default: '10',
    description: 'Retries after the first attempt before a delivery is FAILED (and can be re-sent).',
  },
  CASHBACK_DELIVERY_RETRY_DELAY_SECONDS: {
    schema: int(1, 3600),
    default: '5',
    description: 'First retry delay; it doubles at each retry, with jitter.',
  },
  TELEMETRY_CONSUMERS_ENABLED: {
    schema: bool(),
    default: 'true',
    description: 'Run the telemetry consumers (storing queued readings, retrying photo recognition) in this API process.',
  },
  TELEMETRY_BATCH_SIZE: {
    schema: int(1, 1000),
    default: '200',
    description: 'Readings a consumer takes from its queue and stores in one statement.',
  },
  TELEMETRY_RETRY_LIMIT: {
    schema: int(0, 100),
    default: '5',
    description: 'Retries of a reading whose storing failed before it goes to its dead-letter queue.',
  },
  TELEMETRY_RETRY_DELAY_SECONDS: {
    schema: int(1, 3600),
    default: '5',
    description: 'First retry delay of a reading; it doubles at each retry, with jitter.',
  },
  TELEMETRY_JOB_TIMEOUT_SECONDS: {
    schema: int(5, 3600),
    default: '60',
    description: 'How long a consumer may hold the readings it took from the queue; past that they count as a failed attempt of a process that died, and are retried. Keep it well above the time to store one batch.',
  },
  TELEMETRY_MAX_FUTURE_SECONDS: {
    schema: int(0, 86_400),
    default: '300',
    description: 'How far ahead of the server clock a reading or photo timestamp may be (device clock drift).',
  },
  RECOGNITION_PROVIDER: {
    schema: z.enum(['local', 'rekognition']),
    default: 'local',
    description: 'Photo recognition: local (perceptual hash, offline: same scene or re-sent picture, not faces) or rekognition (AWS Rekognition face search).',
  },
  RECOGNITION_SIMILARITY_THRESHOLD: {
    schema: z.coerce.number().min(0).max(100),
    default: '90',
    description: 'Similarity (0-100) from which a photo counts as recognized; Rekognition gets it as FaceMatchThreshold.',
  },
  RECOGNITION_TIMEOUT_MS: {
    schema: int(100, 120_000),
    default: '5000',
    description: 'How long one call to the provider may take before the photo is answered PENDING and retried in the background.',
  },
  RECOGNITION_RETRY_LIMIT: {
    schema: int(0, 100),
    default: '10',
    description: 'Background retries of a PENDING photo before its job goes to the dead-letter queue.',
  },
  RECOGNITION_RETRY_DELAY_SECONDS: {
    schema: int(1, 3600),
    default: '30',
    description: 'First background retry delay of a PENDING photo; it doubles at each retry, with jitter.',
  },
  PHOTO_DECODE_CONCURRENCY: {
    schema: int(1, 64),
    default: '2',
    description:
      'Photos decoded at once per process (each decode of a large photo takes hundreds of MB); the others wait their turn. About one per CPU core; lower it where memory is short.',
  },
  PHOTO_DECODE_WAIT_MS: {
    schema: int(0, 120_000),
    default: '5000',
    description:
      'Longest an upload waits for a decode slot before it is answered 503 PHOTO_DECODER_BUSY with Retry-After (also at once when 8 uploads per slot already wait); 0 never waits.',
  },
  AWS_REGION: {
    schema: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1'),
    default: 'us-east-1',
    description: 'AWS region of Rekognition. Credentials come from the AWS SDK chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or the instance or pod role.',
  },
  REKOGNITION_COLLECTION_ID: {
    schema: z.string().regex(/^[a-zA-Z0-9_.-]{1,255}$/, 'must be 1 to 255 letters, digits, _ . or -'),
    default: 'benefits-platform-photos',
    description: 'Rekognition face collection the photos are searched in and indexed into (created when missing).',
  },
  REKOGNITION_ENDPOINT: {
    schema: z.url().optional(),
    description: 'Another Rekognition endpoint (a VPC endpoint, LocalStack, a test server); unset uses the region default.',
  },
  REKOGNITION_MAX_ATTEMPTS: {
    schema: int(1, 10),
    default: '3',
    description: 'Attempts per Rekognition call, retrying throttling and transient errors with backoff (AWS SDK standard mode).',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    description: 'Minimum log level.',
  },
  LOG_FORMAT: {
    schema: z.enum(['json', 'pretty']).optional(),
    description: 'json (one object a line) or pretty (readable); defaults to pretty in development, json otherwise.',
  },
  CORS_ORIGINS: {
    schema: z.string(),
    default: '',
    description: 'Comma-separated origins allowed by CORS; * allows any origin; empty disables CORS.',
  },
  BODY_LIMIT: {
    schema: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 512kb or 1mb'),
    default: '1mb',
    description: 'Largest accepted JSON or form body.',
  },
  THROTTLE_TTL_MS: {
    schema: int(1000, 86_400_000),
    default: '60000',
    description: 'Window of the global rate limit.',
  },
  THROTTLE_LIMIT: {
    schema: int(1, 1_000_000),
    default: '600',
    description: 'Requests a client (by IP) may make per window across the API; health and metrics are exempt.',
  },
  TRUST_PROXY: {
    // `true` trusts every X-Forwarded-For entry, and any client can write the leftmost ones: each
    // request could then claim a new address and escape the per-IP limits.
    schema: z
      .string()
      .refine((value) => value.trim().toLowerCase() !== 'true', 'must not be true (that trusts whatever address a client claims in X-Forwarded-For): give the number of proxies in front of the API, e.g. 1, or their addresses'),
    default: 'false',
    description:
      'Proxies in front of the API whose X-Forwarded-For entries are believed: false (none), a hop count (1 behind one nginx or load balancer) or a list of their addresses or subnets. The client address is the entry that many hops from the right; `true` is refused.',
  },
  SHUTDOWN_TIMEOUT_MS: {
    schema: int(100, 60_000),
    default: '4500',
    description: 'Longest a graceful shutdown may take before the process exits anyway.',
  },
  API_WORKERS: {
    schema: int(1, 64),
    default: '1',
    description:
      'HTTP worker processes sharing the port (node:cluster): one per core the API may use. Each runs the whole API, queue consumers included; the first seeds, the primary prepares the database and stops it last.',
  },
} satisfies Record<string, EnvVariable>;

export type EnvName = keyof typeof ENV_VARIABLES;

type Parsed<K extends EnvName> = z.output<(typeof ENV_VARIABLES)[K]['schema']>;
export type Env = { [K in EnvName]: Parsed<K> };
