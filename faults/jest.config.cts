// Fault tests: the built services as real processes, killed with SIGKILL while publications flow.
// Not part of `npm test` (the project's `test` target is a no-op): `npm run test:faults`.
module.exports = {
  displayName: 'faults',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.faults-spec.ts'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 600_000,
  // Each file starts its own platform and loads the machine: one at a time.
  maxWorkers: 1,
};
