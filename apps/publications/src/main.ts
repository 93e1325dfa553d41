import { runService } from '@diplomatie/observability';
import { AppModule } from './app.module';
import { loadPublicationsEnv } from './config/publications.env';

void runService(() => {
  const env = loadPublicationsEnv();
  return { module: AppModule.register(env), options: { port: env.PORT } };
});
