/** How a file delivers secrets: plain Secret, SealedSecret, ExternalSecret, SOPS, Vault, CSI driver. */
import type { Document } from 'yaml';
import type { ParsedFile } from '../engine/parsed-file.js';
import type { K8sObject } from '../k8s/objects.js';
import { toWorkload } from '../k8s/workloads.js';
import { asMap, child, getPath, isNullNode, keyNode, scalarString, type YNode } from '../parse/yaml.js';

export type SecretStrategy = 'plain Secret' | 'SealedSecret' | 'ExternalSecret' | 'SOPS' | 'Vault' | 'Secrets Store CSI driver';

export interface StrategyUse {
  strategy: SecretStrategy;
  file: ParsedFile;
  /** Line to anchor on, and the lines of the object it is about. */
  line: number;
  span: [number, number];
}

/** Secret types that hold nothing committed: the cluster fills them in. */
const GENERATED_TYPES = new Set(['kubernetes.io/service-account-token']);

/** A document SOPS encrypted: it keeps its metadata under a top-level `sops` key. */
export function isSopsDocument(doc: Document.Parsed): boolean {
  const sops = asMap(doc, child(doc, asMap(doc, doc.contents), 'sops'));
  return sops !== undefined && (child(doc, sops, 'mac') !== undefined || child(doc, sops, 'lastmodified') !== undefined || child(doc, sops, 'version') !== undefined);
}

export function isSecretObject(object: K8sObject): boolean {
  return object.kind === 'Secret' && (object.apiVersion === 'v1' || isTemplatedApiVersion(object.apiVersion));
}

function isTemplatedApiVersion(apiVersion: string): boolean {
  return apiVersion.includes('\u00a7');
}

/** A Secret with some data: nothing (or only a generated type) means there is no strategy to speak of. */
function carriesData(object: K8sObject): boolean {
  const type = scalarString(object.doc, child(object.doc, object.map, 'type'));
  if (type && GENERATED_TYPES.has(type)) return false;
  return ['data', 'stringData'].some((key) => {
    const node = child(object.doc, object.map, key);
    const map = asMap(object.doc, node);
    return map ? map.items.length > 0 : !isNullNode(object.doc, node);
  });
}

const VAULT_INJECT = 'vault.hashicorp.com/agent-inject';

/** Every secret mechanism a file uses, once per mechanism and file. */
export function strategiesOf(file: ParsedFile): StrategyUse[] {
  const found = new Map<SecretStrategy, [number, number]>();
  const add = (strategy: SecretStrategy, line: number, span: [number, number] = [line, line]): void => {
    if (!found.has(strategy)) found.set(strategy, span);
  };
  const sopsDocs = new Set(file.yaml?.docs.filter(isSopsDocument) ?? []);
  const firstSops = [...sopsDocs][0];
  if (firstSops) add('SOPS', lineOf(file, keyNode(asMap(firstSops, firstSops.contents), 'sops')));
  for (const object of file.objects) {
    if (isOptional(file, object)) continue;
    const line = object.span[0];
    const span = object.span;
    if (isSecretObject(object) && !sopsDocs.has(object.doc) && carriesData(object)) add('plain Secret', line, span);
    if (object.kind === 'SealedSecret' && object.apiVersion.startsWith('bitnami.com/')) add('SealedSecret', line, span);
    if (/^(Cluster)?ExternalSecret$/.test(object.kind) && object.apiVersion.startsWith('external-secrets.io/')) add('ExternalSecret', line, span);
    if (/^Vault(Static|Dynamic|PKI)Secret$/.test(object.kind) && object.apiVersion.startsWith('secrets.hashicorp.com/')) add('Vault', line, span);
    if (object.kind === 'SecretProviderClass' && object.apiVersion.startsWith('secrets-store.csi.x-k8s.io/')) add('Secrets Store CSI driver', line, span);
    const workload = toWorkload(object);
    if (workload) {
      const template = workload.object.kind === 'Pod' ? object.map : asMap(object.doc, getPath(object.doc, object.map, podTemplatePath(object.kind)));
      const annotations = asMap(object.doc, getPath(object.doc, template, ['metadata', 'annotations']));
      const inject = scalarString(object.doc, child(object.doc, annotations, VAULT_INJECT));
      if (inject !== undefined && inject !== 'false') add('Vault', line, span);
    }
  }
  return [...found].map(([strategy, span]) => ({ strategy, file, line: span[0], span }));
}

/**
 * A Helm template object behind control flow (`{{- if .Values.externalSecret.enabled }}` above it)
 * is an option the chart offers, not a mechanism the repository uses.
 */
function isOptional(file: ParsedFile, object: K8sObject): boolean {
  const actions = file.templateActionLines;
  if (!actions || actions.size === 0) return false;
  for (let line = object.span[0] - 1; line >= 1 && !/^---/.test(file.lines[line - 1] ?? ''); line--) {
    if (actions.has(line)) return true;
  }
  return false;
}

function podTemplatePath(kind: string): string[] {
  return kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
}

function lineOf(file: ParsedFile, node: YNode | undefined): number {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range && file.yaml ? file.yaml.lineCounter.linePos(range[0]).line : 1;
}
