const nxPreset = require('@nx/jest/preset').default;

// Unit specs sit beside the code (*.spec.ts); integration specs against real PostgreSQL and NATS
// live in <project>/test (*.int-spec.ts). ts-jest transpiles only (isolatedModules in
// tsconfig.spec.json): type-checking is the `typecheck` target's job, once, not per test file.
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  testMatch: ['**/?(*.)+(spec|test|int-spec).ts'],
  testTimeout: 30_000,
};
