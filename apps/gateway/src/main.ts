import { runService } from '@diplomatie/observability';
import { AppModule } from './app.module';
import { loadGatewayEnv } from './config/gateway.env';
import { gatewayHttpOptions } from './http/configure-http';

void runService(() => {
  const env = loadGatewayEnv();
  return { module: AppModule.register(env), options: { port: env.PORT, ...gatewayHttpOptions() } };
});
