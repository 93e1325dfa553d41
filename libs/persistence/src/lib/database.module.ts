import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, ensureSchema, ServiceDatabaseOptions } from './data-source';

/** A service's own PostgreSQL schema, migrated at start-up unless a Job does it (MIGRATIONS_RUN). */
@Module({})
export class DatabaseModule {
  static forService(opts: ServiceDatabaseOptions & { migrationsRun: boolean }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            if (opts.migrationsRun) await ensureSchema(opts.url, opts.schema);
            return { ...dataSourceOptions(opts), migrationsRun: opts.migrationsRun };
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
