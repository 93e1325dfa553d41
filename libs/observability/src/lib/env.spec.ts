import { BaseEnv, InvalidEnvironmentError, parseEnv } from './env';
import { withTimeout } from './readiness';

describe(parseEnv.name, () => {
  it('applies the defaults of a local run', () => {
    const sut = parseEnv(BaseEnv, { PORT: '3101' });
    expect(sut).toMatchObject({ PORT: 3101, NATS_URL: 'nats://127.0.0.1:4222', NATS_NAMESPACE: '', MIGRATIONS_RUN: true, LOG_LEVEL: 'info' });
  });

  it('stops with a message naming every bad variable', () => {
    const run = () => parseEnv(BaseEnv, { PORT: 'http', DATABASE_URL: 'mysql://x', MIGRATIONS_RUN: 'peut-être' });
    expect(run).toThrow(InvalidEnvironmentError);
    expect(run).toThrow(/PORT:[\s\S]*DATABASE_URL: must be a postgres:\/\/ URL[\s\S]*MIGRATIONS_RUN/);
  });
});

describe(withTimeout.name, () => {
  it('rejects with the dependency\'s name when it does not answer in time', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'postgres')).rejects.toThrow('postgres did not answer within 20 ms');
  });

  it('passes the value through when it answers', async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000, 'nats')).resolves.toBe(42);
  });
});
