import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MessagingModule, NatsReadiness } from '@diplomatie/messaging';
import { HealthModule, loggingModule } from '@diplomatie/observability';
import { AuthModule } from './auth/auth.module';
import { GatewayEnv } from './config/gateway.env';
import { DirectoryModule } from './directory/directory.module';
import { HttpErrorFilter } from './errors/http-error.filter';
import { JournalModule } from './journal/journal.module';
import { PublicationsModule } from './publications/publications.module';
import { SearchModule } from './search/search.module';

/** The public HTTP surface: no database, no streams; every call goes to a service over NATS. */
@Module({})
export class AppModule {
  static register(env: GatewayEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('gateway', env.LOG_LEVEL),
        MessagingModule.forRoot({ service: 'gateway', natsUrl: env.NATS_URL, namespace: env.NATS_NAMESPACE, tenant: env.TENANT, streams: [] }),
        HealthModule.forRoot([NatsReadiness]),
        AuthModule.register(env),
        DirectoryModule,
        PublicationsModule,
        JournalModule,
        SearchModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
