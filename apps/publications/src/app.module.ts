import { DynamicModule, Module } from '@nestjs/common';
import { natsSettingsFrom, MessagingModule, NatsReadiness } from '@diplomatie/messaging';
import { HealthModule, loggingModule } from '@diplomatie/observability';
import { DatabaseModule, PostgresReadiness } from '@diplomatie/persistence';
import { PublicationsEnv } from './config/publications.env';
import { migrations } from './database/migrations';
import { SCHEMA } from './database/schema';
import { PublicationEntity, ReferenceCounterEntity } from './publications/publication.entity';
import { PublicationsModule } from './publications/publications.module';

export { SCHEMA };
export const entities = [PublicationEntity, ReferenceCounterEntity];

@Module({})
export class AppModule {
  static register(env: PublicationsEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('publications', env.LOG_LEVEL),
        DatabaseModule.forService({ url: env.DATABASE_URL, schema: SCHEMA, entities, migrations, migrationsRun: env.MIGRATIONS_RUN }),
        MessagingModule.forRoot({
          service: 'publications',
          ...natsSettingsFrom(env),
          streams: ['publications', 'communities'],
          schema: SCHEMA,
          databaseUrl: env.DATABASE_URL,
        }),
        HealthModule.forRoot([PostgresReadiness, NatsReadiness]),
        PublicationsModule.register({ referenceTimeZone: env.REFERENCE_TIME_ZONE }),
      ],
    };
  }
}
