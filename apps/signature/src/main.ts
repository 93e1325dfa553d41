import { runService } from '@diplomatie/observability';
import { AppModule } from './app.module';
import { loadSignatureEnv } from './config/signature.env';

void runService(() => {
  const env = loadSignatureEnv();
  return { module: AppModule.register(env), options: { port: env.PORT } };
});
