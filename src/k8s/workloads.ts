/** Workloads (objects with a pod spec) and their containers, per ANTIPATTERNS.md's definitions. */
import type { Document } from 'yaml';
import { asMap, asSeq, child, getPath, lineSpan, scalarString, type YamlFile, type YAMLMap, type YNode } from '../parse/yaml.js';
import type { K8sObject } from './objects.js';
import { isTemplated } from '../parse/helm-mask.js';

/** Where each workload kind keeps its pod spec. CRDs built like a Deployment are listed by name. */
const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
  DeploymentConfig: ['spec', 'template', 'spec'],
};

export interface Workload {
  object: K8sObject;
  doc: Document.Parsed;
  podSpec: YAMLMap;
  /** False for Jobs, CronJobs and Pods that run to completion: they need no probes. */
  longRunning: boolean;
  label: string;
}

export type ContainerType = 'container' | 'initContainer' | 'ephemeralContainer';

export interface Container {
  workload: Workload;
  doc: Document.Parsed;
  map: YAMLMap;
  type: ContainerType;
  name: string;
  nameNode?: YNode;
  imageNode?: YNode;
  image?: string;
  /** The container's block, for findings about something it lacks. */
  span: [number, number];
  /** `Deployment web, container api` */
  label: string;
}

export function isWorkloadKind(kind: string): boolean {
  return kind in POD_SPEC_PATHS;
}

export function toWorkload(object: K8sObject): Workload | undefined {
  const path = POD_SPEC_PATHS[object.kind];
  if (!path) return undefined;
  const podSpec = asMap(object.doc, getPath(object.doc, object.map, path));
  if (!podSpec) return undefined;
  const restartPolicy = scalarString(object.doc, child(object.doc, podSpec, 'restartPolicy'));
  const runsToCompletion =
    object.kind === 'Job' || object.kind === 'CronJob' ||
    (object.kind === 'Pod' && (restartPolicy === 'Never' || restartPolicy === 'OnFailure'));
  return { object, doc: object.doc, podSpec, longRunning: !runsToCompletion, label: `${object.kind} ${object.name}` };
}

const CONTAINER_LISTS: ReadonlyArray<[string, ContainerType, string]> = [
  ['containers', 'container', 'container'],
  ['initContainers', 'initContainer', 'init container'],
  ['ephemeralContainers', 'ephemeralContainer', 'ephemeral container'],
];

export function containersOf(file: YamlFile, workload: Workload): Container[] {
  const { doc } = workload;
  const out: Container[] = [];
  for (const [key, type, noun] of CONTAINER_LISTS) {
    for (const item of asSeq(doc, child(doc, workload.podSpec, key))?.items ?? []) {
      const map = asMap(doc, item);
      if (!map) continue;
      const nameNode = child(doc, map, 'name');
      const imageNode = child(doc, map, 'image');
      const rawName = scalarString(doc, nameNode);
      const name = rawName === undefined ? '(unnamed)' : isTemplated(rawName) ? '(templated name)' : rawName;
      out.push({
        workload, doc, map, type, name, nameNode, imageNode,
        image: scalarString(doc, imageNode),
        span: lineSpan(file, map) ?? workload.object.span,
        label: `${workload.label}, ${noun} ${name}`,
      });
    }
  }
  return out;
}
