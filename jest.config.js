// Unit specs sit beside the code (src/**/*.spec.ts) and need nothing running. Integration and e2e
// specs (test/**/*.spec.ts) share one PostgreSQL per run (embedded, or DATABASE_URL), each test file
// on a fresh database cloned from a migrated template. See docs/testing.md.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  // Nest 12 ships ESM only; jest on Node 20 needs it transformed to CommonJS like our code. So does
  // content-disposition, which @fastify/static (Swagger UI's assets) bundles.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|content-disposition|@fastify/static/node_modules/content-disposition)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The generated Prisma client imports its own files as `./x.js` (ESM style) while they are `.ts`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

module.exports = {
  // Per-test limit (a project-level testTimeout is ignored when projects are used).
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
      setupFiles: ['<rootDir>/test/support/test-env.ts'],
    },
  ],
};
