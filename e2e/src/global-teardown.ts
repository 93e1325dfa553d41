import { Client } from 'pg';
import { connect } from 'nats';
import { platformInfo } from './platform';

export default async function globalTeardown(): Promise<void> {
  const platform = (globalThis as { __platform?: { stop(): Promise<void> } }).__platform;
  await platform?.stop();
  const info = platformInfo();
  // Leave the shared servers as we found them: drop the database and the namespace's streams.
  const admin = new URL(info.databaseUrl);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
  const nc = await connect({ servers: info.natsUrl });
  const jsm = await nc.jetstreamManager();
  for await (const s of jsm.streams.list()) {
    if (s.config.name.endsWith(`_${info.namespace.toUpperCase()}`)) await jsm.streams.delete(s.config.name);
  }
  await nc.close();
}
