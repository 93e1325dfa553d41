import { runService } from '@diplomatie/observability';
import { migrateRegisteredDatabase } from '@diplomatie/persistence';
import { AppModule } from './app.module';
import { loadSignatureEnv } from './config/signature.env';

void runService(() => {
  const env = loadSignatureEnv();
  return { module: AppModule.register(env), options: { port: env.PORT, migrateOnly: migrateRegisteredDatabase } };
});
