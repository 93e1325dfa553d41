import { DynamicModule, Module } from '@nestjs/common';
import { natsSettingsFrom, MessagingModule, NatsReadiness } from '@diplomatie/messaging';
import { HealthModule, loggingModule } from '@diplomatie/observability';
import { DatabaseModule, PostgresReadiness } from '@diplomatie/persistence';
import { CharterModule } from './charter/charter.module';
import { CommunityModule } from './community/community.module';
import { communityEntities } from './community/community.entity';
import { CommunitiesEnv } from './config/communities.env';
import { migrations } from './database/migrations';
import { directoryEntities } from './directory/directory.entity';
import { DirectoryModule } from './directory/directory.module';
import { InterestModule } from './interest/interest.module';

export const SCHEMA = 'communities';
export const entities = [...directoryEntities, ...communityEntities];

@Module({})
export class AppModule {
  static register(env: CommunitiesEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('communities', env.LOG_LEVEL),
        DatabaseModule.forService({ url: env.DATABASE_URL, schema: SCHEMA, entities, migrations, migrationsRun: env.MIGRATIONS_RUN }),
        MessagingModule.forRoot({
          service: 'communities',
          ...natsSettingsFrom(env),
          streams: ['communities'],
          schema: SCHEMA,
          databaseUrl: env.DATABASE_URL,
        }),
        HealthModule.forRoot([PostgresReadiness, NatsReadiness]),
        DirectoryModule,
        CommunityModule,
        InterestModule,
        CharterModule,
      ],
    };
  }
}
