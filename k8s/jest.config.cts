// The deployment, checked offline: kustomize renders, Kubernetes schemas, workload policy, Helm chart, docs.
module.exports = {
  displayName: 'k8s',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 60_000,
};
