export * from './lib/infra';
export * from './lib/wait-for';
export * from './lib/service-harness';
export * from './lib/factories';
export * from './lib/fixtures';
