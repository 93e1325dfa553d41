import { runService } from '@diplomatie/observability';
import { migrateRegisteredDatabase } from '@diplomatie/persistence';
import { AppModule } from './app.module';
import { loadRoutingEnv } from './config/routing.env';

void runService(() => {
  const env = loadRoutingEnv();
  return { module: AppModule.register(env), options: { port: env.PORT, migrateOnly: migrateRegisteredDatabase } };
});
