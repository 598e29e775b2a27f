// Settings every integration test starts from; a test may override them before creating its app.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.JWT_SECRET = 'test-jwt-secret-that-is-long-enough-0123456789';
process.env.FIELD_ENCRYPTION_KEYS = 'test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
process.env.BLIND_INDEX_KEY = 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=';
delete process.env.FIELD_ENCRYPTION_ACTIVE_KEY;
process.env.DATABASE_SEED_ON_START = 'false';
process.env.THROTTLE_LIMIT = '100000';
delete process.env.DATABASE_URL;
// Every request reads the caller's current claims, so tests see grants and revocations at once.
process.env.AUTH_CACHE_TTL_MS = '0';
process.env.LOGIN_RATE_LIMIT_PER_IP = '100000';
process.env.LOGIN_FAILURES_BEFORE_DELAY = '100000';
delete process.env.DEMO_ADMIN_PASSWORD;
// No delivery workers unless a test runs its own fake cashback API.
process.env.CASHBACK_DELIVERY_ENABLED = 'false';
process.env.CASHBACK_API_URL = 'http://127.0.0.1:9/unused';
// No telemetry consumers (queue polling) unless a test is about them.
process.env.TELEMETRY_CONSUMERS_ENABLED = 'false';
process.env.RECOGNITION_PROVIDER = 'local';
