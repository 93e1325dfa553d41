import { runService } from '@diplomatie/observability';
import { migrateRegisteredDatabase } from '@diplomatie/persistence';
import { AppModule } from './app.module';
import { loadSearchEnv } from './config/search.env';

void runService(() => {
  const env = loadSearchEnv();
  return { module: AppModule.register(env), options: { port: env.PORT, migrateOnly: migrateRegisteredDatabase } };
});
