module.exports = {
  displayName: 'gateway',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    // @fastify/static (the OpenAPI UI) requires content-disposition 3, an ES module Node loads
    // with require(esm) but Jest cannot: transpiled to CommonJS for the tests only.
    'node_modules/.+/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.esm-deps.json' }],
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }]
  },
  transformIgnorePatterns: ['^(?!.*/content-disposition/).*/node_modules/'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/gateway'
};
