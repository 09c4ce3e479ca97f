import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import type { ChangeContext } from '../src/engine/context.js';
import { podLabels } from '../src/k8s/metrics.js';
import {
  CLUSTER_WIDE_POLICIES as CLUSTER_WIDE, NAMESPACED_POLICIES as NAMESPACED, listPolicies, namespaceOf, policyIndex, policySelects,
  selectorCovers, type PolicyIndex,
} from '../src/k8s/network-policies.js';
import type { K8sObject } from '../src/k8s/objects.js';
import { describeSelector } from '../src/k8s/selectors.js';
import { addedObjects } from '../src/k8s/workload-packaging.js';
import { packageIndex, type PackageIndex } from '../src/k8s/workload-groups.js';
import { isWorkloadKind, toWorkload } from '../src/k8s/workloads.js';
import { asMap, child, keyNode, type YNode } from '../src/parse/yaml.js';
/** Namespaces that exist in every cluster: a manifest naming them does not add them. */
const BUILT_IN = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

export default defineRule({
  id: 'namespace-without-network-policy',
  antipattern: 9,
  severity: 'hint',
  // helm-template: policies rendered by a chart count as coverage; findings stay on manifests.
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'New namespaces and workloads should be covered by a NetworkPolicy',
    summary: 'Without a NetworkPolicy, every pod in the cluster can reach the pods of a new namespace, or a new workload that no policy of its namespace selects.',
    why: [
      'Namespaces organise objects; they do not isolate traffic. By default any pod may connect to any other pod, whatever its namespace,',
      'so a test workload in one namespace can talk to a database in another.',
    ].join(' ') + '\n\n' + [
      'Policies in Helm templates of the change count too: one naming its namespace covers that namespace;',
      'one whose namespace is templated or left out lands in the release namespace, unknown here, so it covers only Namespaces defined in files of the same chart.',
    ].join(' ') + '\n\n' + [
      'Where NetworkPolicies of a namespace are in view (in the change, or in its chart, kustomization or folder), a workload the change adds is reported when none of them selects its pods',
      '(by `matchLabels` and `matchExpressions`; an empty `podSelector` selects every pod), and the message lists the policies considered.',
      'Objects that name no namespace share the namespace of their chart, kustomization or folder. Selectors written by templates, Calico selector expressions and cluster-wide policies count as selecting.',
      'A policy the change adds that isolates only ingress is reported when the other policies of its namespace isolate both ingress and egress and none of them already isolates egress for its pods.',
    ].join(' '),
    fix: 'Add a default-deny NetworkPolicy (an empty `podSelector` with both policy types) to the namespace in the same change, then allow the traffic it needs. Better still, keep production in a cluster of its own.',
    examples: [
      {
        path: 'platform/payments.yaml',
        bad: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n',
        good: [
          'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\n',
          'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: payments\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n',
        ].join(''),
      },
      {
        path: 'charts/payments/templates/network-policy.yaml',
        context: { 'charts/payments/Chart.yaml': 'apiVersion: v2\nname: payments\nversion: 1.0.0\n', 'platform/payments.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n' },
        bad: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: {{ .Release.Namespace }}\nspec:\n  podSelector: {}\n',
        good: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: payments\nspec:\n  podSelector: {}\n',
      },
      {
        path: 'deploy/shop/api.yaml',
        context: { 'deploy/shop/frontend-policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: frontend\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      tier: frontend\n  ingress:\n    - ports:\n        - port: 8080\n' },
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n        tier: backend\n    spec:\n      containers:\n        - name: api\n          image: api:3.1.0\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n        tier: frontend\n    spec:\n      containers:\n        - name: web\n          image: web:3.1.0\n',
      },
      {
        path: 'deploy/shop/api-policy.yaml',
        context: { 'deploy/shop/web-policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - {}\n  egress:\n    - to:\n        - podSelector:\n            matchLabels:\n              app: api\n' },
        bad: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: web\n',
        good: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: web\n  egress:\n    - to:\n        - podSelector:\n            matchLabels:\n              app: db\n',
      },
    ],
  },
  checkChange(ctx) {
    const covered = new Set<string>();
    const foldersWithPolicy = new Set<string>();
    const chartsWithPolicy = new Set<string>();
    for (const file of ctx.files) {
      for (const object of file.objects) {
        if (CLUSTER_WIDE.has(object.kind)) return;
        if (!NAMESPACED.has(object.kind)) continue;
        // A policy without a namespace takes the one it is applied to: that of its folder's kustomization or deploy,
        // or for a chart the release namespace, which only the chart's own Namespaces can be assumed to be.
        if (object.namespace) covered.add(object.namespace);
        else if (file.kind === 'helm-template') chartsWithPolicy.add(chartRoot(file.path));
        else foldersWithPolicy.add(posix.dirname(file.path));
      }
    }
    for (const file of ctx.files) {
      if (file.kind !== 'manifest' || file.source.status === 'unchanged' || foldersWithPolicy.has(posix.dirname(file.path))) continue;
      if ([...chartsWithPolicy].some((root) => root === '' || file.path.startsWith(`${root}/`))) continue;
      for (const object of file.objects.filter(isAddedNamespace)) {
        if (covered.has(object.name)) continue;
        ctx.report(file, object.span[0], `Namespace ${object.name} has no NetworkPolicy in this change or its folder, so every pod in the cluster can reach its pods. Add a default-deny NetworkPolicy for it and allow only the traffic it needs.`, { span: object.span });
      }
    }
    const index = packageIndex(ctx.files);
    const policies = policyIndex(ctx.files, index);
    reportUnselectedWorkloads(ctx, index, policies);
    reportIngressOnlyPolicies(ctx, index, policies);
  },
});

/** Workloads the change adds in a namespace whose policies are in view, when none selects them. */
function reportUnselectedWorkloads(ctx: ChangeContext, index: PackageIndex, policies: PolicyIndex): void {
  if (policies.clusterWide) return;
  for (const file of ctx.files) {
    if (file.kind !== 'manifest' || file.source.status === 'unchanged') continue;
    for (const object of addedObjects(file, (o) => isWorkloadKind(o.kind))) {
      const w = toWorkload(object);
      if (!w) continue;
      const namespace = namespaceOf(file, object, index);
      const inView = policies.byNamespace.get(namespace.key) ?? [];
      if (inView.length === 0) continue;
      const labels = podLabels(file, w);
      if (inView.some((p) => policySelects(p, labels) !== 'no')) continue;
      const shown = [...labels.known].map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
      const selected = inView.slice(0, 4).map((p) => p.selectors.map(describeSelector).join(' or ')).join('; ');
      ctx.report(file, object.span[0], `${w.label}: no NetworkPolicy of ${namespace.label} selects its pods (labels: ${shown}). Considered: ${listPolicies(inView)}, which select ${selected}. Any pod in the cluster can reach it; add a policy for its labels, or a default-deny policy for the namespace.`, { span: object.span });
    }
  }
}

/** A policy that isolates only ingress, in a namespace whose other policies isolate both directions. */
function reportIngressOnlyPolicies(ctx: ChangeContext, index: PackageIndex, policies: PolicyIndex): void {
  for (const file of ctx.files) {
    if (file.kind !== 'manifest' || file.source.status === 'unchanged') continue;
    for (const object of file.objects) {
      if (object.kind !== 'NetworkPolicy') continue;
      const namespace = namespaceOf(file, object, index);
      const all = policies.byNamespace.get(namespace.key) ?? [];
      const policy = all.find((p) => p.object === object);
      if (!policy?.isolation || policy.isolation.egress || !policy.isolation.ingress) continue;
      const others = all.filter((p) => p !== policy);
      if (others.length === 0 || !others.every((p) => p.isolation?.ingress && p.isolation.egress)) continue;
      const [selector] = policy.selectors;
      if (!selector || others.some((p) => p.selectors.some((s) => selectorCovers(s, selector)))) continue;
      ctx.report(file, typesAnchor(object), `NetworkPolicy ${object.name} isolates only ingress, while the other policies of ${namespace.label} (${listPolicies(others)}) isolate both ingress and egress: the pods it selects (${describeSelector(selector)}) may still connect anywhere. Add Egress to its policyTypes, with the egress rules they need.`, { span: object.span });
    }
  }
}

/** The `policyTypes` key when written, else the object's first line. */
function typesAnchor(object: K8sObject): YNode | number {
  return keyNode(asMap(object.doc, child(object.doc, object.map, 'spec')), 'policyTypes') ?? object.span[0];
}

/** The chart folder of a template: the part of its path before `templates/`. */
function chartRoot(path: string): string {
  const segments = path.split('/');
  const at = segments.indexOf('templates');
  return at < 0 ? posix.dirname(path) : segments.slice(0, at).join('/');
}

function isAddedNamespace(object: K8sObject): boolean {
  return object.kind === 'Namespace' && object.apiVersion === 'v1' && object.name !== '(unnamed)' && !BUILT_IN.has(object.name);
}
