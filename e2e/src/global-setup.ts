import { join } from 'node:path';
import { randomSuffix, repoRoot, PlatformInfo } from './platform';

interface StartedPlatform {
  urls: Record<string, string>;
  databaseUrl: string;
  natsUrl: string;
  readySeconds: number;
  stop(): Promise<void>;
}
// The same launcher as `npm start`: tools/start.js (plain JavaScript, no build step).
const { startPlatform } = require(join(repoRoot, 'tools/start.js')) as { startPlatform(opts: object): Promise<StartedPlatform> };
const { findFreePort } = require(join(repoRoot, 'tools/infra.js')) as { findFreePort(): Promise<number> };

export default async function globalSetup(): Promise<void> {
  const suffix = randomSuffix();
  const base = new URL(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/diplomatie_e2e_${suffix}`;
  const namespace = `e2e${suffix}`;
  const logDir = join(repoRoot, 'tmp', 'e2e-logs', suffix);
  const names = ['gateway', 'publications', 'routing', 'communities', 'signature', 'search'];
  const ports: Record<string, number> = {};
  for (const name of names) ports[name] = await findFreePort();

  const platform = await startPlatform({
    env: { DATABASE_URL: base.toString(), NATS_NAMESPACE: namespace, LOG_LEVEL: 'info' },
    ports,
    logDir,
    seed: true,
    startIfMissing: false, // tests use the servers .ci/run made sure of; never start their own
    minConsoleLevel: 50,
    log: (line: string) => process.env['E2E_VERBOSE'] && process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`\ne2e platform ready in ${platform.readySeconds.toFixed(1)} s (logs: ${logDir})\n`);
  const info: PlatformInfo = {
    gatewayUrl: platform.urls['gateway'],
    databaseUrl: platform.databaseUrl,
    natsUrl: platform.natsUrl,
    namespace,
    logDir,
  };
  process.env['DIPLOMATIE_E2E'] = JSON.stringify(info);
  (globalThis as { __platform?: StartedPlatform }).__platform = platform;
}
