import { DynamicModule, Module } from '@nestjs/common';
import { natsSettingsFrom, MessagingModule, NatsReadiness } from '@diplomatie/messaging';
import { HealthModule, loggingModule } from '@diplomatie/observability';
import { DatabaseModule, PostgresReadiness } from '@diplomatie/persistence';
import { AssignmentsModule } from './assignments/assignments.module';
import { Clock, SystemClock } from './clock';
import { RoutingEnv } from './config/routing.env';
import { migrations } from './database/migrations';
import { EscalationModule } from './escalation/escalation.module';
import { routingEntities } from './journal/journal.entity';
import { JournalModule } from './journal/journal.module';

export const SCHEMA = 'routing';

@Module({})
export class AppModule {
  static register(env: RoutingEnv, overrides: { clock?: Clock } = {}): DynamicModule {
    const clock = overrides.clock ?? new SystemClock();
    return {
      module: AppModule,
      imports: [
        loggingModule('routing', env.LOG_LEVEL),
        DatabaseModule.forService({ url: env.DATABASE_URL, schema: SCHEMA, entities: routingEntities, migrations, migrationsRun: env.MIGRATIONS_RUN }),
        MessagingModule.forRoot({
          service: 'routing',
          ...natsSettingsFrom(env),
          streams: ['routing', 'publications', 'communities'],
          schema: SCHEMA,
          databaseUrl: env.DATABASE_URL,
        }),
        HealthModule.forRoot([PostgresReadiness, NatsReadiness]),
        JournalModule.register(clock),
        AssignmentsModule.register(clock),
        EscalationModule.register(clock, { scanIntervalMs: env.ESCALATION_SCAN_INTERVAL_MS, parentAfterMs: env.ESCALATION_PARENT_AFTER_MS }),
      ],
    };
  }
}
