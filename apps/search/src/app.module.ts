import { DynamicModule, Module } from '@nestjs/common';
import { natsSettingsFrom, MessagingModule, NatsReadiness } from '@diplomatie/messaging';
import { HealthModule, loggingModule } from '@diplomatie/observability';
import { DatabaseModule, PostgresReadiness } from '@diplomatie/persistence';
import { SearchEnv } from './config/search.env';
import { migrations } from './database/migrations';
import { OpenSearchReadiness } from './search/opensearch/opensearch-cluster';
import { SearchModule, usesOpenSearch } from './search/search.module';

export const SCHEMA = 'search';

@Module({})
export class AppModule {
  static register(env: SearchEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('search', env.LOG_LEVEL),
        DatabaseModule.forService({ url: env.DATABASE_URL, schema: SCHEMA, entities: [], migrations, migrationsRun: env.MIGRATIONS_RUN }),
        MessagingModule.forRoot({
          service: 'search',
          ...natsSettingsFrom(env),
          streams: ['publications'],
          schema: SCHEMA,
          databaseUrl: env.DATABASE_URL,
        }),
        HealthModule.forRoot([PostgresReadiness, NatsReadiness, ...(usesOpenSearch(env) ? [OpenSearchReadiness] : [])]),
        SearchModule.register(env),
      ],
    };
  }
}
