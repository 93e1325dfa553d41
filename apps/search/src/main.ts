import { runService } from '@diplomatie/observability';
import { AppModule } from './app.module';
import { loadSearchEnv } from './config/search.env';

void runService(() => {
  const env = loadSearchEnv();
  return { module: AppModule.register(env), options: { port: env.PORT } };
});
