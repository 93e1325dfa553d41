export * from './lib/access-policy';
export * from './lib/access-matrix.fixture';
