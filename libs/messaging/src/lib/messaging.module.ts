import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventConsumerHost } from './consumer';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { NatsReadiness, NatsService } from './nats.service';
import { Outbox, OutboxRelay } from './outbox';
import { RpcClient, RpcServer } from './rpc';

/**
 * NATS for one service: RPC server and client always; the outbox relay and the event consumers
 * when the service has a schema (they need its transactions).
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: MESSAGING_OPTIONS, useValue: options },
      NatsService,
      NatsReadiness,
      RpcServer,
      RpcClient,
    ];
    const exported: (Provider | symbol)[] = [NatsService, NatsReadiness, RpcClient, MESSAGING_OPTIONS];
    if (options.schema) {
      providers.push(Outbox, OutboxRelay, EventConsumerHost);
      exported.push(Outbox, OutboxRelay, EventConsumerHost);
    }
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers,
      exports: exported,
    };
  }
}
