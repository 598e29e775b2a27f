// The browser tier (`npm run test:browser`): the integration set-up (one PostgreSQL per run, a fresh
// database per file) with specs that drive Swagger UI in Debian's Chromium. Not part of `npm test`,
// since it needs a system package; .ci/run installs Chromium and runs it after `npm test`.
const { projects, testTimeout } = require('../../jest.config.js');

const integration = projects.find((project) => project.displayName === 'integration');

module.exports = {
  rootDir: '../..',
  testTimeout,
  ...integration,
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser.ts'],
};
