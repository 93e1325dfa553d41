import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES, ofKind, readRepoFile, renderBase, repoRoot } from './manifests';

/** `NAME: z….default(x)` lines of an env schema: the variable and its default as written. */
function schemaVariables(source: string): { name: string; defaultValue?: string }[] {
  return [...source.matchAll(/^\s+([A-Z][A-Z0-9_]*):\s*(.*)$/gm)].map(([, name, rest]) => {
    const literal = /\.default\(\s*(?:'([^']*)'|"([^"]*)"|([\d_.]+|true|false))\s*\)/.exec(rest);
    const defaultValue = literal ? (literal[1] ?? literal[2] ?? literal[3]?.replace(/_/g, '')) : undefined;
    return { name, defaultValue };
  });
}

const envFiles = [
  'libs/observability/src/lib/env.ts',
  ...readdirSync(join(repoRoot, 'apps'))
    .map((app) => `apps/${app}/src/config/${app}.env.ts`)
    .filter((file) => {
      try {
        readRepoFile(file);
        return true;
      } catch {
        return false;
      }
    }),
];

describe('docs/operations.md', () => {
  const doc = readRepoFile('docs/operations.md');
  const linesAbout = (name: string) => doc.split('\n').filter((l) => l.includes(`\`${name}\``));

  it('reads the env schema of every service', () => {
    expect(envFiles).toEqual(expect.arrayContaining(SERVICES.map((s) => `apps/${s}/src/config/${s}.env.ts`)));
  });

  it.each(envFiles)('documents every variable of %s with its default', (file) => {
    const variables = schemaVariables(readRepoFile(file));
    expect(variables.length).toBeGreaterThan(0);
    const missing = variables.filter((v) => linesAbout(v.name).length === 0).map((v) => v.name);
    expect(missing).toEqual([]);
    const wrongDefault = variables
      .filter((v) => v.defaultValue !== undefined && v.defaultValue !== '')
      .filter((v) => !linesAbout(v.name).some((l) => l.includes(`\`${v.defaultValue}\``)))
      .map((v) => `${v.name}=${v.defaultValue}`);
    expect(wrongDefault).toEqual([]);
  });

  it('documents every key the ConfigMaps of the base set', () => {
    const keys = [...new Set(ofKind(renderBase(), 'ConfigMap').flatMap((c) => Object.keys(c.data ?? {})))];
    expect(keys.filter((k) => linesAbout(k).length === 0)).toEqual([]);
  });

  it('reads variables and defaults the way the schemas write them', () => {
    const sut = schemaVariables("  PORT: BaseEnv.shape.PORT.default(3000),\n  LOG_LEVEL: z.enum(['info']).default('info'),\n  TTL: z.coerce.number().default(86_400),\n  AUTH_JWKS_URL: optionalUrl,\n");
    expect(sut).toEqual([
      { name: 'PORT', defaultValue: '3000' },
      { name: 'LOG_LEVEL', defaultValue: 'info' },
      { name: 'TTL', defaultValue: '86400' },
      { name: 'AUTH_JWKS_URL', defaultValue: undefined },
    ]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readRepoFile('Dockerfile');
  const instructions = dockerfile.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

  it('builds from a pinned Node 20 Debian base, in a build and a runtime stage', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20(\.\d+)*-bookworm-slim(@sha256:[a-f0-9]{64})?$/m);
    expect(instructions.filter((l) => l.startsWith('FROM ')).map((l) => l.split(/\s+/).slice(1).join(' '))).toEqual(['${NODE_IMAGE} AS build', '${NODE_IMAGE} AS runtime']);
  });

  it('builds the service named by APP and ships only its bundle and production dependencies', () => {
    expect(dockerfile).toMatch(/RUN npx nx build "\$APP"/);
    expect(dockerfile).toMatch(/COPY --from=build \/src\/dist\/apps\/\$\{APP\}\/ \.\//);
    expect(dockerfile).toMatch(/npm install --omit=dev/);
  });

  it('runs as a non-root user with tini as PID 1 and node main.js', () => {
    const user = instructions.filter((l) => l.startsWith('USER ')).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)(:|$)/);
    expect(instructions.filter((l) => l.startsWith('ENTRYPOINT ')).pop()).toBe('ENTRYPOINT ["/usr/bin/tini", "--", "node", "main.js"]');
    expect(dockerfile).toMatch(/apt-get install -y --no-install-recommends tini/);
  });

  it('carries the OCI labels', () => {
    for (const label of ['title', 'version', 'revision', 'created', 'licenses']) expect(dockerfile).toContain(`org.opencontainers.image.${label}=`);
  });

  it('keeps dependencies, build output and local data out of the build context', () => {
    const ignored = readRepoFile('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.data', 'tmp', '.nx']));
  });
});
