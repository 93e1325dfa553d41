import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = resolve(__dirname, '../..');
export const k8sRoot = join(repoRoot, 'k8s');

/** A rendered Kubernetes object, loosely typed: the tests read paths they check. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
  [key: string]: unknown;
}

export const SERVICES = ['gateway', 'publications', 'routing', 'communities', 'signature', 'search'] as const;
/** Services with a schema of their own (all but the gateway): each has a migration Job. */
export const DATABASE_SERVICES = SERVICES.filter((s) => s !== 'gateway');

/** Every directory under k8s/overlays: a new overlay is checked without editing the tests. */
export function overlayNames(): string[] {
  return readdirSync(join(k8sRoot, 'overlays'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function parseYamlDocuments(text: string, source: string): unknown[] {
  return parseAllDocuments(text).map((doc, i) => {
    if (doc.errors.length) throw new Error(`${source}, document ${i + 1}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS();
  });
}

let kubectlChecked = false;
/** kubectl with its built-in kustomize (v4+: components, `labels`). Fails loudly, never skips. */
function ensureKubectl(): void {
  if (kubectlChecked) return;
  let version: string;
  try {
    version = execFileSync('kubectl', ['version', '--client', '--output=json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(
      `kubectl is needed to render k8s/overlays offline (\`kubectl kustomize\`), and running it failed: ${(error as Error).message}\n` +
        'Install kubectl >= 1.21 (its built-in kustomize v4+ supports components). ' +
        "Debian bookworm's kubernetes-client (1.20, kustomize v2) is too old.",
    );
  }
  const kustomize = (JSON.parse(version) as { kustomizeVersion?: string }).kustomizeVersion ?? '';
  const major = Number(/^v?(\d+)/.exec(kustomize)?.[1] ?? 0);
  if (major < 4) throw new Error(`kubectl's kustomize is ${kustomize || 'unknown'}: k8s/overlays need kustomize v4 or later (kubectl >= 1.21)`);
  kubectlChecked = true;
}

const rendered = new Map<string, K8sObject[]>();
/** `kubectl kustomize k8s/<dir>`, parsed; offline: no cluster is contacted. */
function render(dir: string): K8sObject[] {
  const cached = rendered.get(dir);
  if (cached) return cached;
  ensureKubectl();
  const out = execFileSync('kubectl', ['kustomize', join(k8sRoot, dir)], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  const objects = parseYamlDocuments(out, `k8s/${dir}`).filter((o) => o !== null) as K8sObject[];
  rendered.set(dir, objects);
  return objects;
}

export const renderOverlay = (name: string) => render(`overlays/${name}`);
/** The services alone, without dependencies or namespace. */
export const renderBase = () => render('base');

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function named(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
}

/** A `matchLabels` selector (the only form these manifests use) selects the given labels. */
export function selects(selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  if (selector.matchExpressions?.length) throw new Error('matchExpressions are not evaluated by these tests: use matchLabels');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/** Deployments, StatefulSets and Jobs: whatever runs pods. */
export function workloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((o) => ['Deployment', 'StatefulSet', 'Job', 'DaemonSet', 'CronJob'].includes(o.kind));
}

export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}
