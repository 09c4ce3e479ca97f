import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/k8s/objects.js';

/** Policies that cover every namespace (Cilium, Calico, the Kubernetes admin policies). */
const CLUSTER_WIDE = new Set(['CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
/** Namespaced policies: Kubernetes' own, and the Cilium and Calico ones of the same name. */
const NAMESPACED = new Set(['NetworkPolicy', 'CiliumNetworkPolicy']);
/** Namespaces that exist in every cluster: a manifest naming them does not add them. */
const BUILT_IN = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

export default defineRule({
  id: 'namespace-without-network-policy',
  antipattern: 9,
  severity: 'hint',
  // helm-template: policies rendered by a chart count as coverage; findings stay on manifests.
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'A new namespace should come with a NetworkPolicy',
    summary: 'Without a NetworkPolicy, every pod in the cluster can reach the pods of a new namespace.',
    why: [
      'Namespaces organise objects; they do not isolate traffic. By default any pod may connect to any other pod, whatever its namespace,',
      'so a test workload in one namespace can talk to a database in another.',
    ].join(' ') + '\n\n' + [
      'Policies in Helm templates of the change count too: one naming its namespace covers that namespace;',
      'one whose namespace is templated or left out lands in the release namespace, unknown here, so it covers only Namespaces defined in files of the same chart.',
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
  },
});

/** The chart folder of a template: the part of its path before `templates/`. */
function chartRoot(path: string): string {
  const segments = path.split('/');
  const at = segments.indexOf('templates');
  return at < 0 ? posix.dirname(path) : segments.slice(0, at).join('/');
}

function isAddedNamespace(object: K8sObject): boolean {
  return object.kind === 'Namespace' && object.apiVersion === 'v1' && object.name !== '(unnamed)' && !BUILT_IN.has(object.name);
}
