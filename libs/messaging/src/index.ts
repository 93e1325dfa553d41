export * from './lib/messaging.options';
export * from './lib/nats.service';
export * from './lib/jetstream';
export * from './lib/rpc';
export * from './lib/outbox';
export * from './lib/consumer';
export * from './lib/messaging-tables';
export * from './lib/messaging.module';
