/**
 * NetworkPolicies in view, grouped by the namespace they land in, with what each selects and
 * which directions it isolates. Built once per run; rules then look workloads up by namespace.
 */
import { posix } from 'node:path';
import type { ParsedFile } from '../engine/parsed-file.js';
import { isTemplated } from '../parse/helm-mask.js';
import { asMap, asSeq, child, scalarString } from '../parse/yaml.js';
import type { K8sObject } from './objects.js';
import { labelSelectorOf, selectorMatches, type LabelSelector, type Match } from './selectors.js';
import type { Labels } from './metrics.js';
import { deployUnitOf, describeUnit, type PackageIndex } from './workload-groups.js';

/** Policies that cover every namespace (Cilium, Calico, the Kubernetes admin policies). */
export const CLUSTER_WIDE_POLICIES = new Set(['CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
/** Namespaced policies: Kubernetes' own, and the Cilium and Calico ones of the same name. */
export const NAMESPACED_POLICIES = new Set(['NetworkPolicy', 'CiliumNetworkPolicy']);

export interface Isolation {
  ingress: boolean;
  egress: boolean;
}

export interface PolicyRef {
  file: ParsedFile;
  object: K8sObject;
  /** Pods it applies to; several for a Cilium policy with `specs`. Unknown selectors say `maybe`. */
  selectors: LabelSelector[];
  /** Directions it isolates, for a Kubernetes NetworkPolicy whose `policyTypes` can be read. */
  isolation?: Isolation;
}

export interface NamespaceRef {
  key: string;
  /** For messages: `namespace payments`, or `the namespace of folder deploy/` when none is written. */
  label: string;
}

/**
 * The namespace an object lands in: the one it names, else the one its unit is applied to (a
 * chart's release namespace, a kustomization's or folder's `-n`), shared by the unit's objects.
 */
export function namespaceOf(file: ParsedFile, object: K8sObject, index: PackageIndex): NamespaceRef {
  if (object.namespace) return { key: `ns:${object.namespace}`, label: `namespace ${object.namespace}` };
  const unit = deployUnitOf(file, index);
  return { key: `unit:${unit.type}:${unit.root}`, label: `the namespace of ${describeUnit(unit)}` };
}

/** A Cilium label key with a source prefix (`k8s:app`, `any:app`) is not a plain pod label: unknown. */
function ciliumSelector(file: ParsedFile, object: K8sObject, node: unknown): LabelSelector {
  const selector = labelSelectorOf(file, object.doc, node);
  const prefixed = [...selector.matchLabels.known.keys(), ...selector.expressions.map((e) => e.key)].some((k) => /^[a-z0-9]+:/.test(k));
  return prefixed ? { ...selector, unknown: true, empty: false } : selector;
}

function selectorsOf(file: ParsedFile, object: K8sObject): LabelSelector[] {
  const { doc, map } = object;
  const unknown: LabelSelector = { matchLabels: { known: new Map(), partial: true }, expressions: [], unknown: true, empty: false };
  if (object.kind === 'CiliumNetworkPolicy' && object.apiVersion.startsWith('cilium.io/')) {
    const specs = asSeq(doc, child(doc, map, 'specs'))?.items.map((s) => asMap(doc, s)) ?? [];
    const all = [asMap(doc, child(doc, map, 'spec')), ...specs].filter((s) => s !== undefined);
    const selectors = all.map((spec) => {
      const node = child(doc, spec, 'endpointSelector');
      return node === undefined ? unknown : ciliumSelector(file, object, node);
    });
    return selectors.length > 0 ? selectors : [unknown];
  }
  // Calico's projectcalico.org NetworkPolicy selects with an expression string: not read here.
  if (object.kind !== 'NetworkPolicy' || !(object.apiVersion.startsWith('networking.k8s.io/') || isTemplated(object.apiVersion))) return [unknown];
  const spec = asMap(doc, child(doc, map, 'spec'));
  if (!spec) return [unknown];
  return [labelSelectorOf(file, doc, child(doc, spec, 'podSelector'))];
}

/** `policyTypes` as written, or the API default: Ingress always, Egress when egress rules are given. */
function isolationOf(object: K8sObject): Isolation | undefined {
  if (object.kind !== 'NetworkPolicy' || !object.apiVersion.startsWith('networking.k8s.io/')) return undefined;
  const { doc, map } = object;
  const spec = asMap(doc, child(doc, map, 'spec'));
  if (!spec) return undefined;
  const typesNode = child(doc, spec, 'policyTypes');
  if (typesNode === undefined) return { ingress: true, egress: child(doc, spec, 'egress') !== undefined };
  const types = asSeq(doc, typesNode)?.items.map((i) => scalarString(doc, i));
  if (!types || types.some((t) => t === undefined || isTemplated(t))) return undefined;
  return { ingress: types.includes('Ingress'), egress: types.includes('Egress') };
}

export interface PolicyIndex {
  /** A cluster-wide policy is in view: it may select any pod. */
  clusterWide: boolean;
  byNamespace: Map<string, PolicyRef[]>;
}

export function policyIndex(files: readonly ParsedFile[], index: PackageIndex): PolicyIndex {
  const byNamespace = new Map<string, PolicyRef[]>();
  let clusterWide = false;
  for (const file of files) {
    for (const object of file.objects) {
      if (CLUSTER_WIDE_POLICIES.has(object.kind)) clusterWide = true;
      if (!NAMESPACED_POLICIES.has(object.kind)) continue;
      const { key } = namespaceOf(file, object, index);
      const list = byNamespace.get(key) ?? [];
      list.push({ file, object, selectors: selectorsOf(file, object), isolation: isolationOf(object) });
      byNamespace.set(key, list);
    }
  }
  return { clusterWide, byNamespace };
}

/** Whether the policy applies to pods with these labels. */
export function policySelects(policy: PolicyRef, labels: Labels): Match {
  let best: Match = 'no';
  for (const selector of policy.selectors) {
    const m = selectorMatches(selector, labels);
    if (m === 'yes') return 'yes';
    if (m === 'maybe') best = 'maybe';
  }
  return best;
}

/**
 * True when `outer` selects at least every pod `inner` selects: an empty selector, or a plain
 * `matchLabels` that is part of inner's. Anything else is not proven.
 */
export function selectorCovers(outer: LabelSelector, inner: LabelSelector): boolean {
  if (outer.unknown || inner.unknown) return false;
  if (outer.empty) return true;
  if (outer.expressions.length > 0) return false;
  return [...outer.matchLabels.known].every(([k, v]) => inner.matchLabels.known.get(k) === v);
}

/** `name (path)` for messages, at most `max` of them. */
export function listPolicies(policies: readonly PolicyRef[], max = 4): string {
  const shown = policies.slice(0, max).map((p) => `${p.object.name} (${posix.basename(p.file.path)})`);
  return policies.length > max ? `${shown.join(', ')} and ${policies.length - max} more` : shown.join(', ');
}

