/**
 * The unit a file is deployed with: its Helm chart, its kustomization, or else its folder.
 * Cross-file rules (one load balancer per unit, metrics, packaging) group files by it.
 */
import { posix } from 'node:path';
import { isKustomizationPath } from '../engine/classify.js';
import type { ParsedFile } from '../engine/parsed-file.js';

/** What deciding a file's unit needs: its path and kind (plain data, kept after the tree is dropped). */
export type FileRef = Pick<ParsedFile, 'path' | 'kind'>;

export interface DeployUnit {
  type: 'chart' | 'kustomization' | 'directory';
  /** Folder of the Chart.yaml or kustomization.yaml, or the file's own folder. */
  root: string;
}


/** Folders of the change's Chart.yaml and kustomization files (context files included). */
export interface PackageIndex {
  charts: ReadonlySet<string>;
  kustomizations: ReadonlySet<string>;
}

export function packageIndex(files: Iterable<Pick<ParsedFile, 'path'>>): PackageIndex {
  const charts = new Set<string>();
  const kustomizations = new Set<string>();
  for (const f of files) {
    if (posix.basename(f.path) === 'Chart.yaml') charts.add(posix.dirname(f.path));
    else if (isKustomizationPath(f.path)) kustomizations.add(posix.dirname(f.path));
  }
  return { charts, kustomizations };
}

/** The chart root from a path alone: the folder above `templates/` of a Helm template. */
function chartRootByPath(file: FileRef): string | undefined {
  if (file.kind !== 'helm-template') return undefined;
  const parts = file.path.split('/');
  const at = parts.lastIndexOf('templates');
  return at >= 0 ? parts.slice(0, at).join('/') || '.' : undefined;
}

/** The nearest enclosing chart or kustomization; the file's folder when there is none. */
export function deployUnitOf(file: FileRef, index: PackageIndex): DeployUnit {
  let dir = posix.dirname(file.path);
  for (;;) {
    if (index.charts.has(dir)) return { type: 'chart', root: dir };
    if (index.kustomizations.has(dir)) return { type: 'kustomization', root: dir };
    if (dir === '.' || dir === '/' || dir === '') break;
    dir = posix.dirname(dir);
  }
  const chart = chartRootByPath(file);
  if (chart !== undefined) return { type: 'chart', root: chart };
  return { type: 'directory', root: posix.dirname(file.path) };
}

export function describeUnit(unit: DeployUnit): string {
  const where = unit.root === '.' ? 'the repository root' : `${unit.root}/`;
  return unit.type === 'directory' ? `folder ${where}` : `${unit.type} ${where}`;
}

/** True when the file is part of the change (not a context file). */
export function isReviewed(file: Pick<ParsedFile, 'source'>): boolean {
  return file.source.status !== 'unchanged';
}

/** Names of local development clusters, where NodePorts, databases and plain HTTP are normal. */
const LOCAL_CLUSTER = new Set(['local', 'minikube', 'kind', 'k3d', 'microk8s', 'docker-desktop']);

/**
 * True for files meant for a local cluster: a folder named after one (`deploy/minikube/`), or a
 * file name ending in one (`values-local.yaml`, `service.kind.yaml`).
 */
export function isLocalClusterPath(path: string): boolean {
  const segments = path.toLowerCase().split('/');
  const file = segments.pop() ?? '';
  if (segments.some((s) => LOCAL_CLUSTER.has(s))) return true;
  const stem = file.replace(/\.ya?ml$/, '');
  return [...LOCAL_CLUSTER].some((name) => stem === name || (stem.endsWith(name) && '-._'.includes(stem.charAt(stem.length - name.length - 1) || 'x')));
}
