export * from './lib/data-source';
export * from './lib/access-sql';
export * from './lib/postgres-readiness';
export * from './lib/database.module';
