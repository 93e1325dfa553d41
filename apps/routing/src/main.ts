import { runService } from '@diplomatie/observability';
import { AppModule } from './app.module';
import { loadRoutingEnv } from './config/routing.env';

void runService(() => {
  const env = loadRoutingEnv();
  return { module: AppModule.register(env), options: { port: env.PORT } };
});
