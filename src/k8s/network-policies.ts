/**
 * NetworkPolicies in view, grouped by the namespace they land in, with what each selects and
 * which directions it isolates. Each policy is read into plain facts while its file is parsed;
 * rules then group them by namespace and look workloads up there.
 */
import { posix } from 'node:path';
import { pushTo } from '../engine/context.js';
import type { ParsedFile } from '../engine/parsed-file.js';
import { isTemplated } from '../parse/helm-mask.js';
import { asMap, asSeq, child, scalarString } from '../parse/yaml.js';
import type { K8sObject } from './objects.js';
import { labelSelectorOf, selectorMatches, type LabelSelector, type Match } from './selectors.js';
import type { Labels } from './metrics.js';
import { deployUnitOf, describeUnit, type FileRef, type PackageIndex } from './workload-groups.js';

/** Policies that cover every namespace (Cilium, Calico, the Kubernetes admin policies). */
export const CLUSTER_WIDE_POLICIES = new Set(['CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
/** Namespaced policies: Kubernetes' own, and the Cilium and Calico ones of the same name. */
export const NAMESPACED_POLICIES = new Set(['NetworkPolicy', 'CiliumNetworkPolicy']);

export interface Isolation {
  ingress: boolean;
  egress: boolean;
}

/**
 * What a rule needs of a namespaced policy once its file's tree is gone (plain data: it may cross a
 * thread). `id` tells policies apart where the object itself is no longer at hand.
 */
export interface PolicyRef {
  /** Unique in the run: the file's path and the policy's position among the file's policies. */
  id: string;
  name: string;
  /** The namespace it names (not templated), if any. */
  namespace?: string;
  /** Path and kind of its file: where it lands when it names no namespace, and its name in messages. */
  path: string;
  fileKind: FileRef['kind'];
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

/** An object's namespace as written, and its file's path and kind: all namespaceOf needs. */
export interface PlacedObject {
  namespace?: string;
  path: string;
  fileKind: FileRef['kind'];
}

/**
 * The namespace an object lands in: the one it names, else the one its unit is applied to (a
 * chart's release namespace, a kustomization's or folder's `-n`), shared by the unit's objects.
 */
export function namespaceOf(object: PlacedObject, index: PackageIndex): NamespaceRef {
  if (object.namespace) return { key: `ns:${object.namespace}`, label: `namespace ${object.namespace}` };
  const unit = deployUnitOf({ path: object.path, kind: object.fileKind }, index);
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

/** The policy facts of a namespaced policy object, read while its file's tree is alive. */
export function policyRefOf(file: ParsedFile, object: K8sObject, id: string): PolicyRef {
  const ref: PolicyRef = {
    id, name: object.name, path: file.path, fileKind: file.kind,
    selectors: selectorsOf(file, object),
  };
  if (object.namespace) ref.namespace = object.namespace;
  const isolation = isolationOf(object);
  if (isolation) ref.isolation = isolation;
  return ref;
}

/** Namespaced policies grouped by the namespace they land in, in the order given. */
export function policiesByNamespace(policies: Iterable<PolicyRef>, index: PackageIndex): Map<string, PolicyRef[]> {
  const byNamespace = new Map<string, PolicyRef[]>();
  for (const policy of policies) pushTo(byNamespace, namespaceOf(policy, index).key, policy);
  return byNamespace;
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
  const shown = policies.slice(0, max).map((p) => `${p.name} (${posix.basename(p.path)})`);
  return policies.length > max ? `${shown.join(', ')} and ${policies.length - max} more` : shown.join(', ');
}

