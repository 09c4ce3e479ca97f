/** Which workloads a change adds as loose manifests, outside a chart or kustomization. */
import { posix } from 'node:path';
import type { ParsedFile } from '../engine/parsed-file.js';
import { parseYaml } from '../parse/yaml.js';
import { findObjects, type K8sObject } from './objects.js';
import { isWorkloadKind } from './workloads.js';
import { deployUnitOf, isLocalClusterPath, type FileRef, type PackageIndex } from './workload-groups.js';

/** Folders whose manifests are examples, tests or docs rather than something that gets deployed. */
const NOT_DEPLOYED = /(^|\/)(tests?|testdata|__tests__|fixtures?|e2e|examples?|samples?|docs?|hack)(\/|$)/i;

function identity(o: K8sObject): string {
  return `${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

/** Bare Pods and Jobs are one-off runs (tests, demos, migrations), not an application to release. */
function isReleased(o: K8sObject): boolean {
  return isWorkloadKind(o.kind) && o.kind !== 'Pod' && o.kind !== 'Job';
}

/** Workloads of the file that the change adds: all of a new file, the new ones of an edited file. */
export function addedWorkloads(file: ParsedFile): K8sObject[] {
  return addedObjects(file, isReleased);
}

/** Objects of the file that the change adds (and `keep` accepts): all of a new file, the new ones of an edited file. */
export function addedObjects(file: ParsedFile, keep: (o: K8sObject) => boolean): K8sObject[] {
  const objects = file.objects.filter(keep);
  const { status, baseText } = file.source;
  if (status === 'added') return objects;
  if (status === 'unchanged' || baseText === undefined || objects.length === 0) return [];
  const base = parseYaml(baseText, { uniqueKeys: false });
  if (!base.ok) return [];
  const before = new Set(findObjects(base.file).map(identity));
  return objects.filter((o) => !before.has(identity(o)));
}

/** A plain manifest in a folder that is deployed (a chart or kustomization may still hold it: see isLooseManifest). */
export function isDeployedManifest(file: FileRef): boolean {
  return file.kind === 'manifest' && !NOT_DEPLOYED.test(posix.dirname(file.path)) && !isLocalClusterPath(file.path);
}

/**
 * A plain manifest outside every chart and kustomization, in a folder that is deployed. Needs only
 * the path and kind, so a cross-file rule can decide it in finish, from facts gathered earlier.
 */
export function isLooseManifest(file: FileRef, index: PackageIndex): boolean {
  return isDeployedManifest(file) && deployUnitOf(file, index).type === 'directory';
}
