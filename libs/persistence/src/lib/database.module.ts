import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, ensureSchema, migrate, ServiceDatabaseOptions } from './data-source';

/** The database the app module was built with, for `main.js --migrate-only`. */
let registered: ServiceDatabaseOptions | undefined;

/** Runs the pending migrations of the service's database and nothing else (the Kubernetes migration Job). */
export async function migrateRegisteredDatabase(): Promise<string[]> {
  if (!registered) throw new Error('this app has no database to migrate');
  return migrate(registered);
}


/** A service's own PostgreSQL schema, migrated at start-up unless a Job does it (MIGRATIONS_RUN). */
@Module({})
export class DatabaseModule {
  static forService(opts: ServiceDatabaseOptions & { migrationsRun: boolean }): DynamicModule {
    registered = opts;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            if (opts.migrationsRun) await ensureSchema(opts.url, opts.schema);
            // A few retries ride out a database that is still starting; a broken migration fails fast enough.
            return { ...dataSourceOptions(opts), migrationsRun: opts.migrationsRun, retryAttempts: 5, retryDelay: 1_000 };
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
