import { runService } from '@diplomatie/observability';
import { migrateRegisteredDatabase } from '@diplomatie/persistence';
import { AppModule } from './app.module';
import { loadCommunitiesEnv } from './config/communities.env';

void runService(() => {
  const env = loadCommunitiesEnv();
  return { module: AppModule.register(env), options: { port: env.PORT, migrateOnly: migrateRegisteredDatabase } };
});
