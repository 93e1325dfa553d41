import { DynamicModule, Module } from '@nestjs/common';
import { natsSettingsFrom, MessagingModule, NatsReadiness } from '@diplomatie/messaging';
import { HealthModule, loggingModule } from '@diplomatie/observability';
import { DatabaseModule, PostgresReadiness } from '@diplomatie/persistence';
import { SignatureEnv } from './config/signature.env';
import { migrations } from './database/migrations';
import { CircuitEntity } from './parapheur/circuit.entity';
import { ParapheurModule } from './parapheur/parapheur.module';

export const SCHEMA = 'signature';

@Module({})
export class AppModule {
  static register(env: SignatureEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('signature', env.LOG_LEVEL),
        DatabaseModule.forService({ url: env.DATABASE_URL, schema: SCHEMA, entities: [CircuitEntity], migrations, migrationsRun: env.MIGRATIONS_RUN }),
        MessagingModule.forRoot({
          service: 'signature',
          ...natsSettingsFrom(env),
          streams: ['signature', 'publications'],
          schema: SCHEMA,
          databaseUrl: env.DATABASE_URL,
        }),
        HealthModule.forRoot([PostgresReadiness, NatsReadiness]),
        ParapheurModule.register(env.SIGNATURE_KEYSTORE_SECRET),
      ],
    };
  }
}
