/**
 * Which ties between a pod and its node are expected. A DaemonSet is a node agent (log shipper,
 * metrics exporter, CNI or CSI plugin): reading the node is its job. Anything else that reaches
 * into the node is bound to one machine's files, network or processes.
 */
import { asMap, asSeq, child, scalarString, type YAMLMap, type YNode } from '../parse/yaml.js';
import type { Container, Workload } from './workloads.js';

/**
 * Host folders a node agent may mount: logs and runtime state it ships, kernel views it reads,
 * container-runtime sockets, kubelet/CNI plugin folders, and small node identity files.
 */
const NODE_AGENT_PATHS: readonly string[] = [
  '/var/log', '/var/lib/docker/containers', '/var/lib/containerd', '/var/lib/kubelet',
  '/proc', '/sys', '/dev', '/boot', '/lib/modules', '/usr/src', '/usr/lib/modules',
  '/run', '/var/run', '/etc/cni', '/opt/cni', '/var/lib/cni', '/usr/libexec/kubernetes',
  '/etc/machine-id', '/etc/os-release', '/etc/localtime', '/etc/ssl/certs', '/etc/pki',
];

function normalise(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

export function isNodeAgentPath(path: string): boolean {
  const p = normalise(path);
  return NODE_AGENT_PATHS.some((allowed) => p === allowed || p.startsWith(`${allowed}/`));
}

export interface HostPathVolume {
  /** The volume item in `volumes:`. */
  volume: YAMLMap;
  /** The `hostPath:` key node, to anchor on. */
  anchor: YNode;
  name?: string;
  path?: string;
  pathNode?: YNode;
}

export function hostPathVolumes(workload: Workload): HostPathVolume[] {
  const { doc, podSpec } = workload;
  const out: HostPathVolume[] = [];
  for (const item of asSeq(doc, child(doc, podSpec, 'volumes'))?.items ?? []) {
    const volume = asMap(doc, item);
    const hostPath = child(doc, volume, 'hostPath');
    if (!volume || hostPath === undefined) continue;
    const anchor = volume.items.find((p) => scalarString(doc, p.key) === 'hostPath')!.key as YNode;
    const pathNode = child(doc, asMap(doc, hostPath), 'path');
    out.push({ volume, anchor, name: scalarString(doc, child(doc, volume, 'name')), path: scalarString(doc, pathNode), pathNode });
  }
  return out;
}

/** True when every container that mounts the volume mounts it read-only (and at least one does). */
export function mountedReadOnly(workload: Workload, volumeName: string): boolean {
  const { doc, podSpec } = workload;
  let mounts = 0;
  for (const list of ['containers', 'initContainers']) {
    for (const item of asSeq(doc, child(doc, podSpec, list))?.items ?? []) {
      for (const m of asSeq(doc, child(doc, asMap(doc, item), 'volumeMounts'))?.items ?? []) {
        const mount = asMap(doc, m);
        if (scalarString(doc, child(doc, mount, 'name')) !== volumeName) continue;
        mounts++;
        if (scalarString(doc, child(doc, mount, 'readOnly')) !== 'true') return false;
      }
    }
  }
  return mounts > 0;
}

export function isNodeAgent(workload: Workload): boolean {
  return workload.object.kind === 'DaemonSet';
}

export type HostNamespace = 'hostNetwork' | 'hostPID' | 'hostIPC';

/** Host namespaces the pod spec turns on (`hostNetwork: true`...), with their key nodes. */
export function hostNamespacesOf(workload: Workload): Array<{ key: HostNamespace; node: YNode }> {
  const { doc, podSpec } = workload;
  return (['hostNetwork', 'hostPID', 'hostIPC'] as const).flatMap((key) => {
    const pair = podSpec.items.find((p) => scalarString(doc, p.key) === key);
    return pair && scalarString(doc, pair.value) === 'true' ? [{ key, node: pair.key as YNode }] : [];
  });
}

/** `hostPort` entries of a container's ports (value as written, `0` meaning none is left out). */
export function hostPortsOf(container: Container): Array<{ value: string; node: YNode }> {
  const { doc } = container;
  return (asSeq(doc, child(doc, container.map, 'ports'))?.items ?? []).flatMap((item) => {
    const pair = asMap(doc, item)?.items.find((p) => scalarString(doc, p.key) === 'hostPort');
    const value = pair ? scalarString(doc, pair.value) : undefined;
    return pair && value !== undefined && value !== '0' ? [{ value, node: pair.key as YNode }] : [];
  });
}
