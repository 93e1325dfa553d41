export * from './lib/access-policy';
