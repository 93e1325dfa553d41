import { runService } from '@diplomatie/observability';
import { AppModule } from './app.module';
import { loadCommunitiesEnv } from './config/communities.env';

void runService(() => {
  const env = loadCommunitiesEnv();
  return { module: AppModule.register(env), options: { port: env.PORT } };
});
