import { DATABASE_SERVICES, K8sObject, SERVICES, named, ofKind, overlayNames, renderOverlay, selects, workloads } from './manifests';

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] } };
  startupProbe?: unknown;
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
}

function podSpec(workload: K8sObject) {
  return workload.spec.template.spec as { securityContext?: Record<string, unknown>; containers: Container[]; initContainers?: Container[]; automountServiceAccountToken?: boolean };
}
function containers(workload: K8sObject): Container[] {
  const spec = podSpec(workload);
  return [...spec.containers, ...(spec.initContainers ?? [])];
}
const where = (w: K8sObject, c?: Container) => `${w.kind}/${w.metadata.name}${c ? `/${c.name}` : ''}`;

/** Breaches of the rules every pod must meet; empty when the workload complies. */
function workloadBreaches(w: K8sObject): string[] {
  const out: string[] = [];
  const pod = podSpec(w);
  const podSc = pod.securityContext ?? {};
  for (const c of containers(w)) {
    const sc = c.securityContext ?? {};
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) out.push(`${where(w, c)}: requests.cpu, requests.memory and limits.memory must be set`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) out.push(`${where(w, c)}: runAsNonRoot`);
    if (sc.readOnlyRootFilesystem !== true) out.push(`${where(w, c)}: readOnlyRootFilesystem`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${where(w, c)}: allowPrivilegeEscalation must be false`);
    if (!sc.capabilities?.drop?.includes('ALL')) out.push(`${where(w, c)}: capabilities must drop ALL`);
    const seccomp = (sc.seccompProfile ?? podSc.seccompProfile) as { type?: string } | undefined;
    if (seccomp?.type !== 'RuntimeDefault' && seccomp?.type !== 'Localhost') out.push(`${where(w, c)}: seccompProfile RuntimeDefault`);
    const tag = /^(?:.*\/)?[^/:@]+(?::([^@]+))?(?:@sha256:[a-f0-9]{64})?$/.exec(c.image);
    const pinnedByDigest = c.image.includes('@sha256:');
    if (!tag || (!pinnedByDigest && (!tag[1] || tag[1] === 'latest'))) out.push(`${where(w, c)}: image ${c.image} must carry a pinned tag or digest, never latest`);
    if (w.kind !== 'Job' && w.kind !== 'CronJob' && (!c.startupProbe || !c.livenessProbe || !c.readinessProbe)) out.push(`${where(w, c)}: startup, liveness and readiness probes`);
  }
  return out;
}

describe('workload policy', () => {
  describe.each(overlayNames())('overlay %s', (overlay) => {
    let sut: K8sObject[];
    beforeAll(() => {
      sut = renderOverlay(overlay);
    });

    it('runs every container non-root, read-only, without capabilities, with resources, probes and a pinned image', () => {
      expect(workloads(sut).length).toBeGreaterThan(0);
      expect(workloads(sut).flatMap(workloadBreaches)).toEqual([]);
    });

    // docs/operations.md applies in three steps by these labels: support objects, migrations, then Deployments.
    it('labels the Deployments alone component=server and the Jobs alone component=migration', () => {
      const withComponent = (c: string) => sut.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === c).map((o) => `${o.kind}/${o.metadata.name}`).sort();
      expect(withComponent('server')).toEqual(SERVICES.map((s) => `Deployment/${s}`).sort());
      expect(withComponent('migration')).toEqual(DATABASE_SERVICES.map((s) => `Job/${s}-migrate`).sort());
    });

    it('has a Deployment, Service, ServiceAccount, PodDisruptionBudget and HorizontalPodAutoscaler per service', () => {
      for (const s of SERVICES) {
        for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']) expect(() => named(sut, kind, s)).not.toThrow();
      }
    });

    it('probes the services on /health/live and /health/ready', () => {
      for (const d of ofKind(sut, 'Deployment')) {
        const [c] = podSpec(d).containers;
        expect([where(d), c.livenessProbe?.httpGet?.path, c.readinessProbe?.httpGet?.path]).toEqual([where(d), '/health/live', '/health/ready']);
      }
    });

    it('covers every Deployment and StatefulSet by a PodDisruptionBudget', () => {
      const pdbs = ofKind(sut, 'PodDisruptionBudget');
      const uncovered = [...ofKind(sut, 'Deployment'), ...ofKind(sut, 'StatefulSet')]
        .filter((w) => !pdbs.some((p) => selects(p.spec.selector, w.spec.template.metadata.labels)))
        .map((w) => where(w));
      expect(uncovered).toEqual([]);
    });

    it('denies all traffic by default and covers every workload by a NetworkPolicy of its own', () => {
      const policies = ofKind(sut, 'NetworkPolicy');
      const defaultDeny = policies.find((p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && !p.spec.ingress && !p.spec.egress);
      expect(defaultDeny?.spec.policyTypes).toEqual(expect.arrayContaining(['Ingress', 'Egress']));
      const specific = policies.filter((p) => Object.keys(p.spec.podSelector?.matchLabels ?? {}).length > 0);
      const uncovered = workloads(sut)
        .filter((w) => !specific.some((p) => selects(p.spec.podSelector, w.spec.template.metadata.labels)))
        .map((w) => where(w));
      expect(uncovered).toEqual([]);
    });

    it('lets only the ingress controller and Prometheus reach the gateway, and only Prometheus the other services', () => {
      const ingressPolicies = ofKind(sut, 'NetworkPolicy').filter((p) => p.spec.policyTypes.includes('Ingress') && p.spec.ingress);
      for (const s of SERVICES) {
        const labels = named(sut, 'Deployment', s).spec.template.metadata.labels;
        const sources = ingressPolicies
          .filter((p) => selects(p.spec.podSelector, labels))
          .flatMap((p) => p.spec.ingress.flatMap((rule: { from?: { namespaceSelector?: { matchLabels: Record<string, string> }; podSelector?: unknown }[] }) => rule.from ?? [{}]))
          .map((from: { namespaceSelector?: { matchLabels: Record<string, string> }; podSelector?: unknown }) => from.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ?? 'anywhere')
          .sort();
        expect([s, sources]).toEqual([s, s === 'gateway' ? ['ingress-nginx', 'monitoring'] : ['monitoring']]);
      }
    });

    it('lets the gateway reach NATS only, and the other services NATS, PostgreSQL and OpenSearch only', () => {
      const egressPorts = (labels: Record<string, string>) =>
        ofKind(sut, 'NetworkPolicy')
          .filter((p) => p.spec.policyTypes.includes('Egress') && p.spec.egress && selects(p.spec.podSelector, labels))
          .flatMap((p) => p.spec.egress.flatMap((rule: { ports?: { port: number }[] }) => (rule.ports ?? [{ port: 'any' }]).map((x) => x.port)))
          .filter((port: number | string) => port !== 53)
          .sort();
      expect(egressPorts(named(sut, 'Deployment', 'gateway').spec.template.metadata.labels)).toEqual([4222]);
      for (const s of DATABASE_SERVICES) {
        expect([s, egressPorts(named(sut, 'Deployment', s).spec.template.metadata.labels)]).toEqual([s, [4222, 5432, 9200]]);
        expect([s, egressPorts(named(sut, 'Job', `${s}-migrate`).spec.template.metadata.labels)]).toEqual([s, [4222, 5432, 9200]]);
      }
    });

    it('exposes only the gateway, under /api', () => {
      const ingresses = ofKind(sut, 'Ingress');
      const backends = ingresses.flatMap((i) => i.spec.rules.flatMap((r: { http: { paths: { path: string; backend: { service: { name: string } } }[] } }) => r.http.paths.map((p) => `${p.backend.service.name}${p.path}`)));
      expect(backends).toEqual(['gateway/api']);
    });

    it('never mounts a service account token', () => {
      expect(ofKind(sut, 'ServiceAccount').filter((sa) => sa.automountServiceAccountToken !== false).map((sa) => sa.metadata.name)).toEqual([]);
      expect(workloads(sut).filter((w) => podSpec(w).automountServiceAccountToken !== false).map((w) => where(w))).toEqual([]);
    });

    it('has Prometheus scrape annotations on every service pod', () => {
      for (const d of ofKind(sut, 'Deployment')) {
        const a = d.spec.template.metadata.annotations ?? {};
        expect([where(d), a['prometheus.io/scrape'], a['prometheus.io/path'], a['prometheus.io/port']]).toEqual([where(d), 'true', '/metrics', String(d.spec.template.spec.containers[0].ports[0].containerPort)]);
      }
    });

    it('migrates with one Job per database service, and never at Deployment start-up', () => {
      const jobs = ofKind(sut, 'Job');
      expect(jobs.map((j) => j.metadata.name).sort()).toEqual(DATABASE_SERVICES.map((s) => `${s}-migrate`).sort());
      for (const j of jobs) {
        const [c] = podSpec(j).containers;
        expect([j.metadata.name, c.args, c.env?.find((e) => e.name === 'MIGRATIONS_RUN')?.value]).toEqual([j.metadata.name, ['--migrate-only'], 'true']);
        const service = j.metadata.name.replace(/-migrate$/, '');
        expect(c.image).toBe(podSpec(named(sut, 'Deployment', service)).containers[0].image);
      }
      expect(named(sut, 'ConfigMap', 'diplomatie-config').data?.MIGRATIONS_RUN).toBe('false');
      for (const d of ofKind(sut, 'Deployment')) {
        const [c] = podSpec(d).containers;
        expect(c.envFrom?.map((e) => e.configMapRef?.name).filter(Boolean)).toEqual(['diplomatie-config', `${d.metadata.name}-config`]);
        expect(c.env?.find((e) => e.name === 'MIGRATIONS_RUN')).toBeUndefined();
      }
    });

    it('runs NATS JetStream as a 3-node cluster, server >= 2.10.23, fsyncing every write', () => {
      const nats = named(sut, 'StatefulSet', 'nats');
      expect(nats.spec.replicas).toBe(3);
      const version = /:(\d+)\.(\d+)\.(\d+)/.exec(podSpec(nats).containers[0].image)?.slice(1).map(Number) ?? [0, 0, 0];
      expect(version[0] * 1e6 + version[1] * 1e3 + version[2]).toBeGreaterThanOrEqual(2_010_023);
      const conf = named(sut, 'ConfigMap', 'nats-config').data?.['nats.conf'] ?? '';
      expect(conf).toMatch(/jetstream\s*\{[^}]*sync_interval:\s*always/);
      expect(conf.match(/nats:\/\/nats-\d\.nats-headless:6222/g)).toHaveLength(3);
    });

    it('runs PostgreSQL through CloudNativePG with the extensions search needs, and OpenSearch through its operator', () => {
      const db = named(sut, 'Cluster', 'diplomatie-db');
      expect(db.apiVersion).toBe('postgresql.cnpg.io/v1');
      expect(db.spec.bootstrap.initdb.postInitApplicationSQL.join(';')).toMatch(/unaccent.*pg_trgm/);
      expect(named(sut, 'OpenSearchCluster', 'diplomatie-search').apiVersion).toBe('opensearch.opster.io/v1');
      // The services read the operator-made secret: the Cluster's name and the secret name agree.
      const secretRefs = ofKind(sut, 'Deployment').flatMap((d) => podSpec(d).containers[0].env ?? []).map((e) => (e as { valueFrom?: { secretKeyRef?: { name: string } } }).valueFrom?.secretKeyRef?.name);
      expect(new Set(secretRefs)).toEqual(new Set([`${db.metadata.name}-app`]));
    });
  });

  describe('overlay prod', () => {
    const sut = () => renderOverlay('prod');

    it('runs at least two replicas of every service, and autoscales from two', () => {
      expect(ofKind(sut(), 'Deployment').filter((d) => d.spec.replicas < 2).map((w) => where(w))).toEqual([]);
      expect(ofKind(sut(), 'HorizontalPodAutoscaler').filter((h) => h.spec.minReplicas < 2).map((h) => h.metadata.name)).toEqual([]);
    });

    it('turns the development IdP off and verifies tokens with the OpenID Connect provider keys', () => {
      const devIdpOn = sut().flatMap((o) => [
        ...(o.kind === 'ConfigMap' && /^true$/i.test(o.data?.AUTH_DEV_IDP ?? '') ? [`ConfigMap/${o.metadata.name}`] : []),
        ...(['Deployment', 'Job'].includes(o.kind) ? containers(o).filter((c) => c.env?.some((e) => e.name === 'AUTH_DEV_IDP' && /^true$/i.test(e.value ?? ''))).map((c) => where(o, c)) : []),
      ]);
      expect(devIdpOn).toEqual([]);
      const gateway = named(sut(), 'ConfigMap', 'gateway-config').data ?? {};
      expect(gateway.AUTH_DEV_IDP).toBe('false');
      expect(gateway.AUTH_JWKS_URL).toMatch(/^https:\/\//);
      expect(gateway.AUTH_ISSUER).toMatch(/^https:\/\//);
      expect(named(sut(), 'ConfigMap', 'diplomatie-config').data?.NODE_ENV).toBe('production');
    });

    it('enforces the restricted Pod Security Standard on its namespace', () => {
      const [ns] = ofKind(sut(), 'Namespace');
      expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    });
  });

  describe('overlay dev', () => {
    const sut = () => renderOverlay('dev');

    it('runs one replica of every service, the development IdP on and NODE_ENV not production', () => {
      expect(ofKind(sut(), 'Deployment').map((d) => d.spec.replicas)).toEqual(SERVICES.map(() => 1));
      expect(named(sut(), 'ConfigMap', 'gateway-config').data?.AUTH_DEV_IDP).toBe('true');
      expect(named(sut(), 'ConfigMap', 'diplomatie-config').data?.NODE_ENV).not.toBe('production');
      // The development IdP's key lives in one process: one gateway, whatever the load.
      expect(named(sut(), 'HorizontalPodAutoscaler', 'gateway').spec.maxReplicas).toBe(1);
    });
  });

  // The rules must be able to fail: a compliant workload, spoiled one way at a time, is caught each time.
  it('catches each breach on a spoiled Deployment', () => {
    const good = named(renderOverlay('prod'), 'Deployment', 'routing');
    expect(workloadBreaches(good)).toEqual([]);
    const spoil = (f: (c: Container, w: K8sObject) => void) => {
      const w = structuredClone(good);
      f(w.spec.template.spec.containers[0], w);
      return workloadBreaches(w).join('\n');
    };
    expect(spoil((c) => (c.image = 'registry.example.org/diplomatie/routing:latest'))).toMatch(/never latest/);
    expect(spoil((c) => (c.image = 'registry.example.org/diplomatie/routing'))).toMatch(/never latest/);
    expect(spoil((c) => delete c.readinessProbe)).toMatch(/probes/);
    expect(spoil((c) => delete c.resources?.limits)).toMatch(/limits.memory/);
    expect(spoil((c) => (c.securityContext = { ...c.securityContext, readOnlyRootFilesystem: false }))).toMatch(/readOnlyRootFilesystem/);
    expect(spoil((c, w) => ((c.securityContext = { ...c.securityContext, runAsNonRoot: false }), (w.spec.template.spec.securityContext.runAsNonRoot = false)))).toMatch(/runAsNonRoot/);
    expect(spoil((c) => (c.securityContext = { ...c.securityContext, capabilities: { drop: [] } }))).toMatch(/drop ALL/);
  });
});
