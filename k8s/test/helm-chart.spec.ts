import Ajv from 'ajv';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { K8sObject, SERVICES, k8sRoot, named, parseYamlDocuments, readRepoFile, renderBase, renderOverlay } from './manifests';

const CHART = 'k8s/helm/diplomatie';
const read = (file: string) => readRepoFile(`${CHART}/${file}`);
type Values = Record<string, unknown> & { services: Record<string, { port: number }>; image: { tag: string } };

/**
 * No helm binary here: a template is checked as YAML once its actions are gone. A line holding
 * only actions (`{{- range … }}`, `{{- toYaml … | nindent 8 }}`) is dropped; an action inside a
 * line becomes a plain scalar. Templates keep control flow on lines of its own for this reason.
 */
function stripActions(template: string): string {
  return template
    .split('\n')
    .filter((line) => line.replace(/\{\{.*?\}\}/g, '').trim() !== '' || !line.includes('{{'))
    .map((line) => line.replace(/\{\{.*?\}\}/g, 'x'))
    .join('\n');
}

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  return ajv.compile(JSON.parse(read('values.schema.json')));
}

describe('Helm chart k8s/helm/diplomatie', () => {
  const values = parse(read('values.yaml')) as Values;

  it('has a Chart.yaml of API v2 whose appVersion is the image tag of the kustomize base', () => {
    const chart = parse(read('Chart.yaml'));
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'diplomatie', type: 'application' });
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+/);
    const base = parse(readRepoFile('k8s/base/kustomization.yaml')) as { images: { name: string; newTag: string }[] };
    expect(new Set(base.images.map((i) => i.newTag))).toEqual(new Set([chart.appVersion]));
    expect(values.image.tag).toBe(chart.appVersion);
  });

  it('has values.yaml that satisfies values.schema.json', () => {
    const sut = validator();
    expect(sut(values) ? [] : sut.errors).toEqual([]);
  });

  it.each([
    ['an unpinned image', (v: Values) => ((v.image as { tag: string }).tag = 'latest'), /must NOT be valid/],
    ['the development IdP in production', (v: Values) => ((v.auth as { devIdp: boolean }).devIdp = true), /must be equal to constant/],
    ['no IdP keys without the development IdP', (v: Values) => delete (v.auth as { jwksUrl?: string }).jwksUrl, /jwksUrl/],
    ['an unknown value', (v: Values) => (v.replicaCount = 3), /additional properties/],
    ['a service without its port', (v: Values) => delete (v.services.search as { port?: number }).port, /port/],
  ])('refuses %s', (_name, spoil, message) => {
    const spoiled = structuredClone(values);
    spoil(spoiled);
    const sut = validator();
    expect(sut(spoiled)).toBe(false);
    expect(JSON.stringify(sut.errors)).toMatch(message);
  });

  const templates = readdirSync(join(k8sRoot, 'helm/diplomatie/templates')).filter((f) => f.endsWith('.yaml'));

  it.each(templates)('template %s is well-formed YAML once its actions are stripped', (file) => {
    const docs = parseYamlDocuments(stripActions(read(`templates/${file}`)), file).filter((d) => d !== null) as K8sObject[];
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) expect([file, typeof d.apiVersion, typeof d.kind, typeof d.metadata?.name]).toEqual([file, 'string', 'string', 'string']);
  });

  it('templates the same kinds as the kustomize base', () => {
    const kinds = (objects: K8sObject[]) => [...new Set(objects.map((o) => o.kind))].sort();
    const chartKinds = templates.flatMap((f) => parseYamlDocuments(stripActions(read(`templates/${f}`)), f).filter(Boolean) as K8sObject[]);
    expect(kinds(chartKinds)).toEqual(kinds(renderBase()));
  });

  it('gives each service the port the kustomize base gives it', () => {
    const prod = renderOverlay('prod');
    expect(Object.keys(values.services).sort()).toEqual([...SERVICES].sort());
    for (const s of SERVICES) expect([s, String(values.services[s].port)]).toEqual([s, named(prod, 'ConfigMap', `${s}-config`).data?.PORT]);
  });

  it('lists every value in its README', () => {
    const readme = read('README.md');
    // Top-level keys and their children; maps of free keys (labels, annotations, services) once.
    const paths = Object.entries(values).flatMap(([key, value]) => {
      if (key === 'services') return Object.keys((value as object) ?? {}).length ? ['services.<name>.port', 'services.<name>.replicas', 'services.<name>.database'] : [];
      if (value && typeof value === 'object' && !Array.isArray(value)) return Object.keys(value).map((child) => `${key}.${child}`);
      return [key];
    });
    expect(paths.filter((p) => !readme.includes(`\`${p}`))).toEqual([]);
  });

  it('strips actions the way the template checks rely on', () => {
    const sut = stripActions('{{- range $n, $s := .Values.services }}\n---\nkind: Service\nmetadata:\n  name: {{ $n }}\n  labels:\n    {{- include "l" $ | nindent 4 }}\n{{- end }}');
    expect(parseYamlDocuments(sut, 'sample')).toEqual([{ kind: 'Service', metadata: { name: 'x', labels: null } }]);
  });
});
