/**
 * Deployment targets of GitOps objects: which cluster an Argo CD Application (or each element of
 * an ApplicationSet list generator) or a Flux Kustomization/HelmRelease deploys to, and the names
 * that describe what it deploys. Environment judgement is left to `environment.ts`.
 */
import { posix } from 'node:path';
import type { Document } from 'yaml';
import type { ParsedFile } from '../engine/parsed-file.js';
import { asMap, asSeq, child, getPath, scalarString, type YAMLMap, type YNode } from '../parse/yaml.js';
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
}

/** Argo CD's own cluster: each Argo CD instance has one, so it is only "the same" within a folder. */
const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

export function gitopsTargets(file: ParsedFile): GitopsTarget[] {
  const out: GitopsTarget[] = [];
  for (const object of file.objects) {
    const group = object.apiVersion.split('/')[0];
    if (group === 'argoproj.io' && object.kind === 'Application') {
      const spec = asMap(object.doc, child(object.doc, object.map, 'spec'));
      const target = argoTarget(file, object, spec, `Application ${object.name}`, (s) => s, object.name);
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

function argoTarget(file: ParsedFile, object: K8sObject, spec: YAMLMap | undefined, label: string, sub: Substitute, name: string | undefined): GitopsTarget | undefined {
  const { doc } = object;
  const destination = asMap(doc, child(doc, spec, 'destination'));
  const serverNode = child(doc, destination, 'server');
  const nameNode = child(doc, destination, 'name');
  const server = text(doc, serverNode, sub);
  const clusterName = text(doc, nameNode, sub);
  if (serverNode && server === undefined) return undefined;
  if (nameNode && clusterName === undefined) return undefined;
  const anchor = serverNode ?? nameNode;
  if (!anchor) return undefined;
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
  const inCluster = server === IN_CLUSTER_SERVER || clusterName === 'in-cluster';
  const cluster = inCluster ? `argocd:in-cluster:${posix.dirname(file.path)}` : `argocd:${server ?? `name:${clusterName}`}`;
  return {
    object, label, cluster, anchor, appPaths,
    appNames: [...appNames, ...appPaths],
    clusterLabel: inCluster ? `in-cluster (the cluster Argo CD runs in)` : (server ?? clusterName!),
    clusterNames: inCluster ? [] : [hostOf(server) ?? clusterName!].filter(Boolean),
  };
}

/** Each element of a list generator is one Application; other generators are unknown here. */
function applicationSetTargets(file: ParsedFile, object: K8sObject): GitopsTarget[] {
  const { doc } = object;
  const spec = asMap(doc, child(doc, object.map, 'spec'));
  const generators = asSeq(doc, child(doc, spec, 'generators'))?.items ?? [];
  const elements: Array<Record<string, string>> = [];
  for (const g of generators) {
    const list = asMap(doc, child(doc, asMap(doc, g), 'list'));
    if (!list) return [];
    for (const e of asSeq(doc, child(doc, list, 'elements'))?.items ?? []) elements.push(flatten(doc, asMap(doc, e)));
  }
  const template = asMap(doc, getPath(doc, spec, ['template']));
  const templateSpec = asMap(doc, child(doc, template, 'spec'));
  const nameNode = getPath(doc, template, ['metadata', 'name']);
  return elements.flatMap((values, i) => {
    const sub: Substitute = (s) => substitute(s, values);
    const target = argoTarget(file, object, templateSpec, `ApplicationSet ${object.name} (element ${i + 1})`, sub, text(doc, nameNode, sub));
    return target ? [target] : [];
  });
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
  const appNames = [object.name];
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
  return value === undefined ? undefined : sub(value);
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
function flatten(doc: Document.Parsed, map: YAMLMap | undefined, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of map?.items ?? []) {
    const key = scalarString(doc, pair.key);
    if (key === undefined) continue;
    const nested = asMap(doc, pair.value);
    if (nested) Object.assign(out, flatten(doc, nested, `${prefix}${key}.`));
    else {
      const value = scalarString(doc, pair.value);
      if (value !== undefined) out[`${prefix}${key}`] = value;
    }
  }
  return out;
}

/** Argo CD's `{{key}}` and goTemplate `{{ .key }}` placeholders; anything else is unknown. */
export function substitute(template: string, values: Readonly<Record<string, string>>): string | undefined {
  let unknown = false;
  const result = template.replace(/\{\{\s*\.?([\w.-]+)\s*\}\}/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  return unknown || result.includes('{{') ? undefined : result;
}
