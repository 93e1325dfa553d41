export * from './lib/env';
export * from './lib/readiness';
export * from './lib/health.module';
export * from './lib/logging';
export * from './lib/bootstrap';
