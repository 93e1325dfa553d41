import { runService } from '@diplomatie/observability';
import { migrateRegisteredDatabase } from '@diplomatie/persistence';
import { AppModule } from './app.module';
import { loadPublicationsEnv } from './config/publications.env';

void runService(() => {
  const env = loadPublicationsEnv();
  return { module: AppModule.register(env), options: { port: env.PORT, migrateOnly: migrateRegisteredDatabase } };
});
