import { posix } from 'node:path';
import { crossFile, defineRule } from '../src/engine/rule.js';
import type { FileContext, FinishContext, Place } from '../src/engine/context.js';
import { podLabels, type Labels } from '../src/k8s/metrics.js';
import {
  CLUSTER_WIDE_POLICIES as CLUSTER_WIDE, NAMESPACED_POLICIES as NAMESPACED, listPolicies, namespaceOf, policiesByNamespace, policyRefOf,
  policySelects, selectorCovers, type PolicyRef,
} from '../src/k8s/network-policies.js';
import type { K8sObject } from '../src/k8s/objects.js';
import { describeSelector } from '../src/k8s/selectors.js';
import { addedObjects } from '../src/k8s/workload-packaging.js';
import { packageIndex, type PackageIndex } from '../src/k8s/workload-groups.js';
import { isWorkloadKind, toWorkload } from '../src/k8s/workloads.js';
import type { FileKind } from '../src/model/types.js';
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
  crossFile: crossFile<FileFacts>({
    kinds: ['manifest', 'helm-template'],
    gather(ctx, collect) {
      collect(factsOf(ctx));
    },
    finish(ctx) {
      const files = ctx.collected;
      // A cluster-wide policy may select any pod of any namespace: nothing is reported.
      if (files.some((f) => f.clusterWide)) return;
      const policies = files.flatMap((f) => f.policies);
      reportNamespaces(ctx, policies);
      // Where an object naming no namespace lands is decided by the charts and kustomizations among
      // the paths of every file gathered, so only now, with all of them known.
      const index = packageIndex(files);
      const byNamespace = policiesByNamespace(policies, index);
      reportUnselectedWorkloads(ctx, index, byNamespace);
      reportIngressOnlyPolicies(ctx, index, byNamespace);
    },
  }),
});

/**
 * What finish needs of one file of the rule's kinds (every one: its path counts in the package
 * index). Namespaces, workloads and policy candidates are gathered only from reviewed manifests.
 */
interface FileFacts {
  path: string;
  kind: FileKind;
  /** It holds a cluster-wide policy. */
  clusterWide: boolean;
  /** Its namespaced policies, in object order. */
  policies: PolicyRef[];
  /** Namespaces it adds (not built-in), in object order. */
  namespaces: { name: string; at: Place }[];
  /** Workloads the change adds in it, with their pod labels. */
  workloads: WorkloadFacts[];
  /** Policies of it that isolate ingress only, with a selector: candidates for the ingress-only report. */
  ingressOnly: { id: string; at: Place }[];
}

interface WorkloadFacts {
  label: string;
  namespace?: string;
  labels: Labels;
  at: Place;
}

function factsOf(ctx: FileContext): FileFacts {
  const { file } = ctx;
  const facts: FileFacts = { path: file.path, kind: file.kind, clusterWide: false, policies: [], namespaces: [], workloads: [], ingressOnly: [] };
  const reviewedManifest = file.kind === 'manifest' && file.source.status !== 'unchanged';
  for (const object of file.objects) {
    if (CLUSTER_WIDE.has(object.kind)) facts.clusterWide = true;
    if (NAMESPACED.has(object.kind)) {
      const policy = policyRefOf(file, object, `${file.path}#${facts.policies.length}`);
      facts.policies.push(policy);
      if (reviewedManifest && isIngressOnly(object, policy)) facts.ingressOnly.push({ id: policy.id, at: ctx.place(typesAnchor(object), { span: object.span }) });
    }
    if (reviewedManifest && isAddedNamespace(object)) facts.namespaces.push({ name: object.name, at: ctx.place(object.span[0], { span: object.span }) });
  }
  if (!reviewedManifest) return facts;
  for (const object of addedObjects(file, (o) => isWorkloadKind(o.kind))) {
    const w = toWorkload(object);
    if (!w) continue;
    const workload: WorkloadFacts = { label: w.label, labels: podLabels(file, w), at: ctx.place(object.span[0], { span: object.span }) };
    if (object.namespace) workload.namespace = object.namespace;
    facts.workloads.push(workload);
  }
  return facts;
}

/** A NetworkPolicy (the Kubernetes kind) that isolates ingress and not egress, and has a selector. */
function isIngressOnly(object: K8sObject, policy: PolicyRef): boolean {
  return object.kind === 'NetworkPolicy' && !!policy.isolation?.ingress && !policy.isolation.egress && policy.selectors.length > 0;
}

/** New namespaces that no policy in view covers. */
function reportNamespaces(ctx: FinishContext<FileFacts>, policies: readonly PolicyRef[]): void {
  const covered = new Set<string>();
  const foldersWithPolicy = new Set<string>();
  const chartsWithPolicy = new Set<string>();
  for (const policy of policies) {
    // A policy without a namespace takes the one it is applied to: that of its folder's kustomization or deploy,
    // or for a chart the release namespace, which only the chart's own Namespaces can be assumed to be.
    if (policy.namespace) covered.add(policy.namespace);
    else if (policy.fileKind === 'helm-template') chartsWithPolicy.add(chartRoot(policy.path));
    else foldersWithPolicy.add(posix.dirname(policy.path));
  }
  for (const file of ctx.collected) {
    if (file.namespaces.length === 0 || foldersWithPolicy.has(posix.dirname(file.path))) continue;
    if ([...chartsWithPolicy].some((root) => root === '' || file.path.startsWith(`${root}/`))) continue;
    for (const namespace of file.namespaces) {
      if (covered.has(namespace.name)) continue;
      ctx.report(namespace.at, `Namespace ${namespace.name} has no NetworkPolicy in this change or its folder, so every pod in the cluster can reach its pods. Add a default-deny NetworkPolicy for it and allow only the traffic it needs.`);
    }
  }
}

/** Workloads the change adds in a namespace whose policies are in view, when none selects them. */
function reportUnselectedWorkloads(ctx: FinishContext<FileFacts>, index: PackageIndex, byNamespace: ReadonlyMap<string, PolicyRef[]>): void {
  for (const file of ctx.collected) {
    for (const w of file.workloads) {
      const namespace = namespaceOf({ namespace: w.namespace, path: file.path, fileKind: file.kind }, index);
      const inView = byNamespace.get(namespace.key) ?? [];
      if (inView.length === 0) continue;
      if (inView.some((p) => policySelects(p, w.labels) !== 'no')) continue;
      const shown = [...w.labels.known].map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
      const selected = inView.slice(0, 4).map((p) => p.selectors.map(describeSelector).join(' or ')).join('; ');
      ctx.report(w.at, `${w.label}: no NetworkPolicy of ${namespace.label} selects its pods (labels: ${shown}). Considered: ${listPolicies(inView)}, which select ${selected}. Any pod in the cluster can reach it; add a policy for its labels, or a default-deny policy for the namespace.`);
    }
  }
}

/** A policy that isolates only ingress, in a namespace whose other policies isolate both directions. */
function reportIngressOnlyPolicies(ctx: FinishContext<FileFacts>, index: PackageIndex, byNamespace: ReadonlyMap<string, PolicyRef[]>): void {
  for (const file of ctx.collected) {
    for (const candidate of file.ingressOnly) {
      const policy = file.policies.find((p) => p.id === candidate.id);
      if (!policy) continue;
      const namespace = namespaceOf(policy, index);
      const all = byNamespace.get(namespace.key) ?? [];
      const others = all.filter((p) => p.id !== policy.id);
      if (others.length === 0 || !others.every((p) => p.isolation?.ingress && p.isolation.egress)) continue;
      const [selector] = policy.selectors;
      if (!selector || others.some((p) => p.selectors.some((s) => selectorCovers(s, selector)))) continue;
      ctx.report(candidate.at, `NetworkPolicy ${policy.name} isolates only ingress, while the other policies of ${namespace.label} (${listPolicies(others)}) isolate both ingress and egress: the pods it selects (${describeSelector(selector)}) may still connect anywhere. Add Egress to its policyTypes, with the egress rules they need.`);
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
