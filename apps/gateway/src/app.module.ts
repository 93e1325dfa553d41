import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { natsSettingsFrom, MessagingModule, NatsReadiness } from '@diplomatie/messaging';
import { HealthModule, loggingModule } from '@diplomatie/observability';
import { AssignmentsModule } from './assignments/assignments.module';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CommunitiesModule } from './communities/communities.module';
import { GatewayEnv } from './config/gateway.env';
import { DirectoryModule } from './directory/directory.module';
import { HttpErrorFilter } from './errors/http-error.filter';
import { JournalModule } from './journal/journal.module';
import { ParapheurModule } from './parapheur/parapheur.module';
import { PublicationsModule } from './publications/publications.module';
import { RoutingRulesModule } from './routing-rules/routing-rules.module';
import { SearchModule } from './search/search.module';

/** The public HTTP surface: no database, no streams; every call goes to a service over NATS. */
@Module({})
export class AppModule {
  static register(env: GatewayEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('gateway', env.LOG_LEVEL),
        MessagingModule.forRoot({ service: 'gateway', ...natsSettingsFrom(env), streams: [] }),
        HealthModule.forRoot([NatsReadiness]),
        AuthModule.register(env),
        DirectoryModule,
        CommunitiesModule,
        AdminModule,
        PublicationsModule,
        JournalModule,
        AssignmentsModule,
        RoutingRulesModule,
        SearchModule,
        ParapheurModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
