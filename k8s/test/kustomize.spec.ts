import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { K8sObject, overlayNames, renderOverlay } from './manifests';

/** The built-in kinds these manifests may use, each checked against its OpenAPI schema. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** Operators' resources: no schema shipped here, so apiVersion, kind, metadata and a spec are checked. */
const CUSTOM_RESOURCES = new Set([
  'postgresql.cnpg.io/v1/Cluster',
  'postgresql.cnpg.io/v1/ScheduledBackup',
  'opensearch.opster.io/v1/OpenSearchCluster',
  'monitoring.coreos.com/v1/ServiceMonitor',
]);

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Throws with the object's kind/name and the schema's complaint. */
function validate(object: K8sObject): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const where = `${object.kind}/${object.metadata?.name}`;
  const Model = MODELS[key];
  if (Model) {
    try {
      new Model(object as never).validate();
    } catch (error) {
      throw new Error(`${where} breaks the ${key} schema: ${(error as Error).message}`);
    }
    return;
  }
  if (!CUSTOM_RESOURCES.has(key)) throw new Error(`${where}: ${key} is neither a known Kubernetes kind nor an expected custom resource`);
  if (!DNS_1123.test(object.metadata?.name ?? '') || object.metadata.name.length > 63) throw new Error(`${where}: metadata.name is not a DNS-1123 name`);
  if (typeof object.spec !== 'object' || object.spec === null) throw new Error(`${where}: spec is missing`);
}

describe('kubectl kustomize k8s/overlays', () => {
  it('has the dev and prod overlays', () => {
    expect(overlayNames()).toEqual(expect.arrayContaining(['dev', 'prod']));
  });

  describe.each(overlayNames())('overlay %s', (overlay) => {
    let sut: K8sObject[];
    beforeAll(() => {
      sut = renderOverlay(overlay);
    });

    it('renders objects that all have apiVersion, kind and a DNS-1123 name', () => {
      expect(sut.length).toBeGreaterThan(40);
      const malformed = sut.filter((o) => !o.apiVersion || !o.kind || !DNS_1123.test(o.metadata?.name ?? '')).map((o) => `${o.kind}/${o.metadata?.name}`);
      expect(malformed).toEqual([]);
    });

    it('validates every object against the Kubernetes schemas (kubernetes-models)', () => {
      const failures = sut.flatMap((o) => {
        try {
          validate(o);
          return [];
        } catch (error) {
          return [(error as Error).message];
        }
      });
      expect(failures).toEqual([]);
    });

    it('puts every namespaced object in the overlay namespace, declared by the overlay', () => {
      const namespaces = sut.filter((o) => o.kind === 'Namespace');
      expect(namespaces).toHaveLength(1);
      const ns = namespaces[0].metadata.name;
      const elsewhere = sut.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== ns).map((o) => `${o.kind}/${o.metadata.name}`);
      expect(elsewhere).toEqual([]);
    });

    it('has no two objects of the same kind and name', () => {
      const keys = sut.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    });

    it('keeps secrets out of git: no Secret object is rendered', () => {
      expect(sut.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual([]);
    });
  });

  // The validation above must be able to fail: a wrong type and a missing required field are caught.
  it('rejects an object that breaks its schema', () => {
    const deployment = renderOverlay('prod').find((o) => o.kind === 'Deployment') as K8sObject;
    const wrongType = structuredClone(deployment);
    wrongType.spec.replicas = 'two';
    expect(() => validate(wrongType)).toThrow(/replicas must be integer/);
    const noSelector = structuredClone(deployment);
    delete noSelector.spec.selector;
    expect(() => validate(noSelector)).toThrow(/selector/);
    expect(() => validate({ ...deployment, apiVersion: 'apps/v1beta1' })).toThrow(/neither a known Kubernetes kind/);
  });
});
