import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

/** What global-setup started, handed to the test files through the environment. */
export interface PlatformInfo {
  gatewayUrl: string;
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  logDir: string;
}

export const repoRoot = resolve(__dirname, '../..');

export function platformInfo(): PlatformInfo {
  const raw = process.env['DIPLOMATIE_E2E'];
  if (!raw) throw new Error('the e2e platform is not running (global-setup did not run)');
  return JSON.parse(raw) as PlatformInfo;
}

export function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}
