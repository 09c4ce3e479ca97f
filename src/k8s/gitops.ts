/**
 * Deployment targets of GitOps objects: which cluster an Argo CD Application (or each Application
 * an ApplicationSet generates, where its generator makes that knowable) or a Flux
 * Kustomization/HelmRelease deploys to, and the names that describe what it deploys. Environment
 * judgement is left to `environment.ts`. Objects may sit in Helm templates: masked values are unknown.
 */
import { posix } from 'node:path';
import type { Document } from 'yaml';
import type { ParsedFile } from '../engine/parsed-file.js';
import { isTemplated } from '../parse/helm-mask.js';
import { asMap, asSeq, child, getPath, scalarString, type YAMLMap, type YNode } from '../parse/yaml.js';
// A type import only: environment.ts imports this module at run time.
import type { EnvironmentMatch } from './environment.js';
import type { K8sObject } from './objects.js';

export interface GitopsTarget {
  object: K8sObject;
  /** `Application orders-staging`, `ApplicationSet shop (element 2)` */
  label: string;
  /** Identity of the receiving cluster, comparable across files. */
  cluster: string;
  /** The cluster as a reader knows it: a server URL, a cluster name, a folder. */
  clusterLabel: string;
  /** Names that describe the cluster itself (`prod-eu`, `https://staging.k8s.example.com`). */
  clusterNames: string[];
  /** Names that describe what is deployed: app name, namespace, source paths, values files, branch. */
  appNames: string[];
  /** Source paths and values files among `appNames`: they are read as paths, not names. */
  appPaths: string[];
  anchor: YNode;
  /** Known from the generator itself: a pull request generator's Applications are previews. */
  environment?: EnvironmentMatch;
  /**
   * The cluster is whichever ones match a cluster generator's label selector: its identity is
   * unknown (no other target shares it), and the file's folder says nothing of what is deployed.
   */
  bySelector?: boolean;
}

/** Argo CD's own cluster: each Argo CD instance has one, so it is only "the same" within a folder. */
// k8s-antipatterns-ignore: app-hardcoded-cluster-dns -- Argo CD's fixed name for its own cluster, which we read, not call
const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

export function gitopsTargets(file: ParsedFile): GitopsTarget[] {
  const out: GitopsTarget[] = [];
  for (const object of file.objects) {
    const group = object.apiVersion.split('/')[0];
    if (group === 'argoproj.io' && object.kind === 'Application') {
      const spec = asMap(object.doc, child(object.doc, object.map, 'spec'));
      const target = argoTarget(file, object, spec, `Application ${object.name}`, (s) => s, isTemplated(object.rawName) ? undefined : object.name);
      if (target) out.push(target);
    } else if (group === 'argoproj.io' && object.kind === 'ApplicationSet') {
      out.push(...applicationSetTargets(file, object));
    } else if (group === 'kustomize.toolkit.fluxcd.io' && object.kind === 'Kustomization') {
      out.push(fluxTarget(file, object, ['path'], []));
    } else if (group === 'helm.toolkit.fluxcd.io' && object.kind === 'HelmRelease') {
      out.push(fluxTarget(file, object, ['chart', 'spec', 'valuesFiles'], ['releaseName']));
    }
  }
  return out;
}

type Substitute = (text: string) => string | undefined;

/** Clusters chosen by a cluster generator's label selector. */
interface Selected {
  id: string;
  label: string;
  /** Label values of the selector: what the chosen clusters are named for. */
  names: string[];
}

function argoTarget(file: ParsedFile, object: K8sObject, spec: YAMLMap | undefined, label: string, sub: Substitute, name: string | undefined, selected?: Selected): GitopsTarget | undefined {
  const { doc } = object;
  const destinationNode = child(doc, spec, 'destination');
  const destination = asMap(doc, destinationNode);
  const serverNode = child(doc, destination, 'server');
  const nameNode = child(doc, destination, 'name');
  const server = text(doc, serverNode, sub);
  const clusterName = text(doc, nameNode, sub);
  const known = (serverNode !== undefined || nameNode !== undefined) && !(serverNode && server === undefined) && !(nameNode && clusterName === undefined);
  const anchor = serverNode ?? nameNode ?? (selected ? destinationNode : undefined);
  if (!anchor || (!known && !selected)) return undefined;
  const sources = [asMap(doc, child(doc, spec, 'source')), ...(asSeq(doc, child(doc, spec, 'sources'))?.items ?? []).map((i) => asMap(doc, i))];
  const appPaths: string[] = [];
  const appNames: string[] = [];
  for (const source of sources) {
    pushText(appPaths, doc, child(doc, source, 'path'), sub);
    pushText(appNames, doc, child(doc, source, 'targetRevision'), sub);
    for (const v of asSeq(doc, getPath(doc, source, ['helm', 'valueFiles']))?.items ?? []) pushText(appPaths, doc, v, sub);
  }
  pushText(appNames, doc, child(doc, destination, 'namespace'), sub);
  if (name !== undefined) appNames.push(name);
  if (!known) {
    return { object, label, anchor, appPaths, appNames: [...appNames, ...appPaths], cluster: selected!.id, clusterLabel: selected!.label, clusterNames: selected!.names, bySelector: true };
  }
  const inCluster = server === IN_CLUSTER_SERVER || clusterName === 'in-cluster';
  const cluster = inCluster ? `argocd:in-cluster:${posix.dirname(file.path)}` : `argocd:${server ?? `name:${clusterName}`}`;
  return {
    object, label, cluster, anchor, appPaths,
    appNames: [...appNames, ...appPaths],
    clusterLabel: inCluster ? `in-cluster (the cluster Argo CD runs in)` : (server ?? clusterName!),
    clusterNames: inCluster ? [] : [hostOf(server) ?? clusterName!].filter(Boolean),
  };
}

/** Parameters of the Applications one generator makes, as far as the file tells them. */
interface Generated {
  values: Record<string, string>;
  /** `pull request previews`; list elements are numbered instead. */
  label?: string;
  selected?: Omit<Selected, 'id'>;
  environment?: EnvironmentMatch;
}

const PREVIEW: EnvironmentMatch = { tier: 'non-production', name: 'preview', written: 'pullRequest generator' };

/** One target per Application a generator makes knowably; other generators are unknown here. */
function applicationSetTargets(file: ParsedFile, object: K8sObject): GitopsTarget[] {
  const { doc } = object;
  const spec = asMap(doc, child(doc, object.map, 'spec'));
  const generated = (asSeq(doc, child(doc, spec, 'generators'))?.items ?? []).flatMap((g) => generatedBy(doc, asMap(doc, g)));
  const template = asMap(doc, getPath(doc, spec, ['template']));
  const templateSpec = asMap(doc, child(doc, template, 'spec'));
  const nameNode = getPath(doc, template, ['metadata', 'name']);
  let element = 0;
  return generated.flatMap((g, i) => {
    const sub: Substitute = (s) => substitute(s, g.values);
    const label = `ApplicationSet ${object.name} (${g.label ?? `element ${++element}`})`;
    const selected = g.selected && { ...g.selected, id: `argocd:selected:${file.path}:${object.span[0]}:${i}` };
    const target = argoTarget(file, object, templateSpec, label, sub, text(doc, nameNode, sub), selected);
    return target ? [{ ...target, ...(g.environment ? { environment: g.environment } : {}) }] : [];
  });
}

/**
 * `list` elements; a `clusters` selector naming label values; `pullRequest` previews; the list
 * parts of a `matrix` (every combination of them) or the base list of a `merge` (its merge keys
 * only, since later generators may override the rest). A generator with its own `selector`
 * filter or `template` override is unknown.
 */
const MAX_MATRIX = 10_000;

function generatedBy(doc: Document.Parsed, generator: YAMLMap | undefined): Generated[] {
  if (!generator || child(doc, generator, 'selector')) return [];
  const list = listElements(doc, generator);
  if (list) return list.map((values) => ({ values }));
  const clusters = asMap(doc, child(doc, generator, 'clusters'));
  if (clusters && !child(doc, clusters, 'template')) return clusterSelection(doc, clusters);
  const pullRequest = asMap(doc, child(doc, generator, 'pullRequest'));
  if (pullRequest && !child(doc, pullRequest, 'template')) return [{ values: {}, label: 'pull request previews', environment: PREVIEW }];
  const matrix = asMap(doc, child(doc, generator, 'matrix'));
  if (matrix) {
    const parts = childGenerators(doc, matrix).map((g) => listElements(doc, g)).filter((l) => l !== undefined);
    // Argo CD takes two generators; many aliased lists would multiply out without end.
    if (parts.length === 0 || parts.reduce((n, part) => n * part.length, 1) > MAX_MATRIX) return [];
    return parts.reduce<Array<Record<string, string>>>((acc, part) => acc.flatMap((a) => part.map((b) => ({ ...a, ...b }))), [{}]).map((values) => ({ values }));
  }
  const merge = asMap(doc, child(doc, generator, 'merge'));
  const base = merge ? listElements(doc, childGenerators(doc, merge)[0]) : undefined;
  if (!merge || !base) return [];
  const keys = (asSeq(doc, child(doc, merge, 'mergeKeys'))?.items ?? []).map((k) => scalarString(doc, k)).filter((k) => k !== undefined);
  return base.map((values) => ({ values: Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k]!])) }));
}

function childGenerators(doc: Document.Parsed, combination: YAMLMap): Array<YAMLMap | undefined> {
  return (asSeq(doc, child(doc, combination, 'generators'))?.items ?? []).map((g) => asMap(doc, g));
}

/** A list generator's elements, or undefined when the generator is something else. */
function listElements(doc: Document.Parsed, generator: YAMLMap | undefined): Array<Record<string, string>> | undefined {
  const list = asMap(doc, child(doc, generator, 'list'));
  if (!list || child(doc, generator, 'selector') || child(doc, list, 'template')) return undefined;
  return (asSeq(doc, child(doc, list, 'elements'))?.items ?? []).map((e) => flatten(doc, asMap(doc, e)));
}

/**
 * A cluster generator picks clusters by their labels: a label value (`env: staging`, or the one
 * value of `In`) says what they are for and fills `metadata.labels.<key>`. Which clusters they
 * are is unknown. Without a selector it picks every cluster: unknown.
 */
function clusterSelection(doc: Document.Parsed, clusters: YAMLMap): Generated[] {
  const selector = asMap(doc, child(doc, clusters, 'selector'));
  const values: Record<string, string> = {};
  const names: string[] = [];
  const shown: string[] = [];
  const pick = (key: string, options: string[]): void => {
    if (options.length === 1) values[`metadata.labels.${key}`] = options[0]!;
    names.push(...options);
    shown.push(`${key}=${options.join('|')}`);
  };
  for (const [key, value] of Object.entries(flatten(doc, asMap(doc, child(doc, selector, 'matchLabels'))))) pick(key, [value]);
  for (const e of asSeq(doc, child(doc, selector, 'matchExpressions'))?.items ?? []) {
    const expression = asMap(doc, e);
    const key = scalarString(doc, child(doc, expression, 'key'));
    const options = (asSeq(doc, child(doc, expression, 'values'))?.items ?? []).map((v) => scalarString(doc, v)).filter((v): v is string => v !== undefined);
    if (key && scalarString(doc, child(doc, expression, 'operator')) === 'In' && options.length > 0) pick(key, options);
  }
  if (names.length === 0 || names.some(isTemplated)) return [];
  for (const [key, value] of Object.entries(flatten(doc, asMap(doc, child(doc, clusters, 'values'))))) values[`values.${key}`] = value;
  return [{ values, label: 'cluster generator', selected: { label: `the clusters labelled ${shown.join(', ')}`, names } }];
}

function fluxTarget(file: ParsedFile, object: K8sObject, pathKey: readonly string[], nameKeys: readonly string[]): GitopsTarget {
  const { doc } = object;
  const spec = asMap(doc, child(doc, object.map, 'spec'));
  const identity: Substitute = (s) => s;
  const kubeConfigNode = getPath(doc, spec, ['kubeConfig', 'secretRef', 'name']);
  const kubeConfig = text(doc, kubeConfigNode, identity);
  const clusterFolder = /(?:^|\/)clusters\/([^/]+)\//.exec(file.path)?.[1];
  const appPaths: string[] = [];
  const pathNode = getPath(doc, spec, pathKey);
  const paths = asSeq(doc, pathNode)?.items ?? [pathNode];
  for (const p of paths) pushText(appPaths, doc, p, identity);
  const appNames = isTemplated(object.rawName) ? [] : [object.name];
  if (object.namespace) appNames.push(object.namespace);
  for (const key of [...nameKeys, 'targetNamespace']) pushText(appNames, doc, child(doc, spec, key), identity);
  for (const ref of asSeq(doc, child(doc, spec, 'valuesFrom'))?.items ?? []) pushText(appNames, doc, child(doc, asMap(doc, ref), 'name'), identity);
  const label = `${object.kind} ${object.name}`;
  const anchor = kubeConfigNode ?? (asSeq(doc, pathNode) ? undefined : pathNode) ?? child(doc, object.map, 'kind') ?? object.map;
  if (kubeConfig) {
    return { object, label, anchor, appPaths, appNames: [...appNames, ...appPaths], cluster: `flux:kubeconfig:${kubeConfig}`, clusterLabel: `the cluster of kubeConfig secret ${kubeConfig}`, clusterNames: [kubeConfig] };
  }
  // Flux reconciles the cluster it runs in; repositories keep one folder per cluster (`clusters/prod/`).
  const folder = clusterFolder ?? posix.dirname(file.path);
  return {
    object, label, anchor, appPaths, appNames: [...appNames, ...appPaths],
    cluster: clusterFolder ? `flux:cluster:${clusterFolder}` : `flux:folder:${folder}`,
    clusterLabel: clusterFolder ? `clusters/${clusterFolder}` : `the cluster that reconciles ${folder}/`,
    clusterNames: clusterFolder ? [clusterFolder] : [],
  };
}

function text(doc: Document.Parsed, node: unknown, sub: Substitute): string | undefined {
  const value = scalarString(doc, node);
  const result = value === undefined ? undefined : sub(value);
  // In a Helm template a masked value, or a list element filled from one, is unknown.
  return result === undefined || isTemplated(result) ? undefined : result;
}

function pushText(out: string[], doc: Document.Parsed, node: unknown, sub: Substitute): void {
  const value = text(doc, node, sub);
  if (value) out.push(value);
}

function hostOf(server: string | undefined): string | undefined {
  if (!server) return undefined;
  try {
    return new URL(server).hostname;
  } catch {
    return server;
  }
}

/** List elements as `key` → text, nested maps as `values.key` (goTemplate's `.values.key`). */
function flatten(doc: Document.Parsed, map: YAMLMap | undefined, prefix = '', onPath = new Set<YAMLMap>()): Record<string, string> {
  const out: Record<string, string> = {};
  if (!map || onPath.has(map)) return out; // an alias back to an enclosing map
  onPath.add(map);
  for (const pair of map.items) {
    const key = scalarString(doc, pair.key);
    if (key === undefined) continue;
    const nested = asMap(doc, pair.value);
    if (nested) Object.assign(out, flatten(doc, nested, `${prefix}${key}.`, onPath));
    else {
      const value = scalarString(doc, pair.value);
      if (value !== undefined) out[`${prefix}${key}`] = value;
    }
  }
  onPath.delete(map);
  return out;
}

/** Argo CD's `{{key}}` and goTemplate `{{ .key }}` placeholders; anything else is unknown. */
export function substitute(template: string, values: Readonly<Record<string, string>>): string | undefined {
  let unknown = false;
  // The key's leading dot is cut in code: an optional `\.?` before `[\w.-]+` could take it both ways.
  const result = template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_m, written: string) => {
    const key = written.length > 1 && written.startsWith('.') ? written.slice(1) : written;
    const value = values[key];
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  return unknown || result.includes('{{') ? undefined : result;
}
