/**
 * What kustomize patches set on containers. The usual layout keeps a base Deployment without
 * resources or probes and lets each overlay (`overlays/prod/`) patch them in: the base alone is
 * never deployed, so its gaps are not findings when some overlay fills them.
 */
import type { Document } from 'yaml';
import type { ParsedFile } from '../engine/parsed-file.js';
import { asMap, asSeq, child, getPath, isNullNode, parseYaml, scalarString, type YAMLMap, type YNode } from '../parse/yaml.js';
import {
  componentsOf, filesByPath, inScope, kustomizationRoots, kustomizationScope, normalizePath, resolveFromKustomization,
  targetMatches, type KustomizeScope, type KustomizeTarget as Target,
} from './kustomize.js';
import type { ProbeName } from './probes.js';
import type { ResourceField } from './resources.js';
import type { Container } from './workloads.js';

export type PatchedField = ResourceField | ProbeName;

type ContainerList = 'containers' | 'initContainers';

/** One container entry of one patch, with the fields it sets. */
interface ContainerPatch {
  scope: KustomizeScope;
  target: Target;
  list: ContainerList;
  /** Strategic merge matches containers by name; JSON 6902 by position. */
  name?: string;
  index?: number;
  fields: Set<PatchedField>;
}

interface PatchIndex {
  patches: ContainerPatch[];
  /** Files used as patches: they hold fragments, not complete objects. */
  patchFiles: Set<string>;
}

/** A patch as a kustomization lists it: a file or inline text, maybe with a target. */
interface PatchRef {
  path?: string;
  inline?: string;
  target?: Target;
}

const POD_SPEC_PREFIXES: ReadonlyArray<readonly string[]> = [
  ['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec'], ['spec'],
];
const PROBES: readonly ProbeName[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const LISTS: readonly ContainerList[] = ['containers', 'initContainers'];

const cache = new WeakMap<readonly ParsedFile[], PatchIndex>();

/** Fields that some kustomization's patches set on this container (of a manifest the kustomization builds). */
export function fieldsPatchedByKustomize(files: readonly ParsedFile[], file: ParsedFile, container: Container): ReadonlySet<PatchedField> {
  const out = new Set<PatchedField>();
  const { patches } = patchIndex(files);
  if (patches.length === 0) return out;
  const list: ContainerList = container.type === 'initContainer' ? 'initContainers' : 'containers';
  for (const patch of patches) {
    if (patch.list !== list || !inScope(patch.scope, file.path) || !targetMatches(patch.target, container.workload.object)) continue;
    if (patch.name !== undefined ? patch.name !== container.name : patch.index !== indexOf(container, list)) continue;
    for (const field of patch.fields) out.add(field);
  }
  return out;
}

/** True when a kustomization uses the file as a patch: its objects are fragments, absent fields mean "unchanged". */
export function isKustomizePatch(files: readonly ParsedFile[], file: ParsedFile): boolean {
  return patchIndex(files).patchFiles.has(normalizePath(file.path));
}

/** The patch files a kustomization names, as repository paths (for collecting context). */
export function patchPathsOf(kustomizationPath: string, text: string): string[] {
  const parsed = parseYaml(text);
  if (!parsed.ok) return [];
  const out: string[] = [];
  for (const doc of parsed.file.docs) {
    const root = asMap(doc, doc.contents);
    for (const ref of root ? patchRefs(doc, root) : []) if (ref.path) out.push(resolveFromKustomization(kustomizationPath, ref.path));
  }
  return out;
}

function patchIndex(files: readonly ParsedFile[]): PatchIndex {
  let index = cache.get(files);
  if (index) return index;
  index = { patches: [], patchFiles: new Set() };
  const byPath = filesByPath(files);
  for (const kustomization of files) {
    if (kustomization.kind !== 'kustomization') continue;
    let scope: KustomizeScope | undefined;
    for (const source of [kustomization, ...componentsOf(byPath, kustomization)]) {
      for (const { doc, root } of kustomizationRoots(source)) {
        for (const ref of patchRefs(doc, root)) {
          const path = ref.path === undefined ? undefined : resolveFromKustomization(source.path, ref.path);
          if (path) index.patchFiles.add(path);
          const text = ref.inline ?? (path === undefined ? undefined : byPath.get(path)?.text);
          const parsed = text === undefined ? undefined : parseYaml(text, { uniqueKeys: false });
          if (!parsed?.ok) continue;
          scope ??= kustomizationScope(byPath, kustomization);
          for (const patchDoc of parsed.file.docs) readPatch(patchDoc, ref.target, scope, index.patches);
        }
      }
    }
  }
  cache.set(files, index);
  return index;
}

function patchRefs(doc: Document.Parsed, root: YAMLMap): PatchRef[] {
  const out: PatchRef[] = [];
  for (const item of asSeq(doc, child(doc, root, 'patchesStrategicMerge'))?.items ?? []) {
    const text = scalarString(doc, item);
    // Entries may be file paths or (older kustomize) inline YAML.
    if (text !== undefined) out.push(text.includes('\n') ? { inline: text } : { path: text });
  }
  for (const key of ['patches', 'patchesJson6902']) {
    for (const item of asSeq(doc, child(doc, root, key))?.items ?? []) {
      const entry = asMap(doc, item);
      if (!entry) {
        const path = scalarString(doc, item);
        if (path !== undefined) out.push({ path });
        continue;
      }
      const target = readTarget(doc, asMap(doc, child(doc, entry, 'target')));
      const path = scalarString(doc, child(doc, entry, 'path'));
      const inline = scalarString(doc, child(doc, entry, 'patch'));
      if (path !== undefined) out.push({ path, target });
      else if (inline !== undefined) out.push({ inline, target });
    }
  }
  return out;
}

function readTarget(doc: Document.Parsed, map: YAMLMap | undefined): Target | undefined {
  if (!map) return undefined;
  const field = (key: string): string | undefined => scalarString(doc, child(doc, map, key));
  return { kind: field('kind'), name: field('name'), labelSelector: field('labelSelector') };
}

function readPatch(doc: Document.Parsed, entryTarget: Target | undefined, scope: KustomizeScope, out: ContainerPatch[]): void {
  const ops = asSeq(doc, doc.contents);
  if (ops) {
    // A JSON 6902 patch says nothing about its target: kustomize requires one.
    if (entryTarget) readJsonPatch(doc, ops.items, entryTarget, scope, out);
    return;
  }
  const root = asMap(doc, doc.contents);
  if (!root) return;
  // With a target, kustomize applies the patch to what the target selects, whatever names it carries.
  const target = entryTarget ?? {
    kind: scalarString(doc, child(doc, root, 'kind')),
    name: scalarString(doc, getPath(doc, root, ['metadata', 'name'])),
  };
  if (target.kind === undefined && target.name === undefined && target.labelSelector === undefined && !entryTarget) return;
  for (const prefix of POD_SPEC_PREFIXES) {
    const podSpec = asMap(doc, getPath(doc, root, prefix));
    if (!podSpec || !LISTS.some((list) => child(doc, podSpec, list))) continue;
    for (const list of LISTS) {
      for (const item of asSeq(doc, child(doc, podSpec, list))?.items ?? []) {
        const map = asMap(doc, item);
        const name = scalarString(doc, child(doc, map, 'name'));
        if (!map || name === undefined || child(doc, map, '$patch')) continue;
        out.push({ scope, target, list, name, fields: containerFields(doc, map) });
      }
    }
    return;
  }
}

function readJsonPatch(doc: Document.Parsed, ops: readonly unknown[], target: Target, scope: KustomizeScope, out: ContainerPatch[]): void {
  for (const item of ops) {
    const op = asMap(doc, item);
    const kind = scalarString(doc, child(doc, op, 'op'));
    const pointer = scalarString(doc, child(doc, op, 'path'));
    const value = child(doc, op, 'value');
    if ((kind !== 'add' && kind !== 'replace') || !pointer?.startsWith('/') || isNullNode(doc, value)) continue;
    const segments = pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const prefix = POD_SPEC_PREFIXES.find((p) => p.every((key, i) => segments[i] === key) && LISTS.includes(segments[p.length] as ContainerList));
    if (!prefix) continue;
    const list = segments[prefix.length] as ContainerList;
    const position = segments[prefix.length + 1];
    if (position === undefined) {
      // The whole list replaced: its containers carry their names.
      for (const c of asSeq(doc, value)?.items ?? []) {
        const map = asMap(doc, c);
        const name = scalarString(doc, child(doc, map, 'name'));
        if (map && name !== undefined) out.push({ scope, target, list, name, fields: containerFields(doc, map) });
      }
      continue;
    }
    // `-` appends a container the base does not have: nothing of the base's to complete.
    if (!/^\d+$/.test(position)) continue;
    const fields = fieldsAt(doc, segments.slice(prefix.length + 2), value as YNode);
    if (fields.size > 0) out.push({ scope, target, list, index: Number(position), fields });
  }
}

/** Fields set by a value written at `rest` below a container (`resources/limits`, `livenessProbe`). */
function fieldsAt(doc: Document.Parsed, rest: readonly string[], value: YNode): Set<PatchedField> {
  if (rest.length === 0) return containerFields(doc, asMap(doc, value));
  const [head, section, key] = rest;
  if (PROBES.includes(head as ProbeName)) return new Set(rest.length === 1 ? [head as ProbeName] : []);
  if (head !== 'resources') return new Set();
  if (section === undefined) return resourceFields(doc, asMap(doc, value));
  if (section !== 'limits' && section !== 'requests') return new Set();
  if (key === undefined) return resourceFields(doc, undefined, section, asMap(doc, value));
  return new Set(key === 'cpu' || key === 'memory' ? [`${section}.${key}` as ResourceField] : []);
}

function containerFields(doc: Document.Parsed, map: YAMLMap | undefined): Set<PatchedField> {
  const fields = resourceFields(doc, asMap(doc, child(doc, map, 'resources')));
  for (const probe of PROBES) {
    const node = child(doc, map, probe);
    if (!isNullNode(doc, node) && !child(doc, asMap(doc, node), '$patch')) fields.add(probe);
  }
  return fields;
}

function resourceFields(doc: Document.Parsed, resources: YAMLMap | undefined, only?: 'limits' | 'requests', sectionMap?: YAMLMap): Set<PatchedField> {
  const fields = new Set<PatchedField>();
  for (const section of only ? [only] : (['limits', 'requests'] as const)) {
    const map = sectionMap ?? asMap(doc, child(doc, resources, section));
    for (const key of ['cpu', 'memory']) {
      if (scalarString(doc, child(doc, map, key)) !== undefined) fields.add(`${section}.${key}` as ResourceField);
    }
  }
  return fields;
}

function indexOf(container: Container, list: ContainerList): number {
  const { doc, workload } = container;
  return (asSeq(doc, child(doc, workload.podSpec, list))?.items ?? []).findIndex((item) => asMap(doc, item) === container.map);
}
