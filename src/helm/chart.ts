/** Helm charts: where a chart's files live, its Chart.yaml version and dependencies, and value walks. */
import { posix } from 'node:path';
import type { Document } from 'yaml';
import type { ParsedFile } from '../engine/parsed-file.js';
import { sharedIndex } from '../engine/context.js';
import { asMap, asSeq, child, keyNode, lineSpan, parseYaml, scalarString, type YamlFile, type YAMLMap, type YNode } from '../parse/yaml.js';

/** Env-specific values (`values-prod.yaml`, `prod/values.yaml`) override a chart's defaults. */
const DEFAULT_VALUES = /^values\.ya?ml$/;

/** The chart a file belongs to, and whether it is part of the packaged chart's templates or default values. */
export interface ChartFile {
  root: string;
  part: 'templates' | 'values';
}

/**
 * Places a file in a chart: `<root>/templates/**` or `<root>/values.yaml`. A root is confirmed by
 * a Chart.yaml among `files`; without one, a file of kind helm-template or helm-values is evidence
 * enough (classify found the chart in the head tree), other files (`_helpers.tpl`) are not.
 */
export function chartFileOf(file: ParsedFile, files: readonly ParsedFile[]): ChartFile | undefined {
  // Built once per list of files (once per run), not on every call.
  const charts = sharedIndex(files, 'helm:chart-roots', (all) => new Set(all.filter((f) => posix.basename(f.path) === 'Chart.yaml').map((f) => posix.dirname(f.path))));
  let dir = posix.dirname(file.path);
  for (;;) {
    if (charts.has(dir)) return place(file.path, dir);
    if (dir === '.' || dir === '/' || dir === '') break;
    dir = posix.dirname(dir);
  }
  const at = file.path.lastIndexOf('templates/');
  if (file.kind === 'helm-template' && (at === 0 || file.path[at - 1] === '/')) return { root: at === 0 ? '.' : file.path.slice(0, at - 1), part: 'templates' };
  // `prod/values.yaml` overrides a chart; `ci/values.yaml` is a chart-testing scenario, not the defaults.
  if (file.kind === 'helm-values' && DEFAULT_VALUES.test(posix.basename(file.path)) && !/(^|\/)(ci|dev|qa|test|tests|uat|stage|staging|preview|prod|production|live)\/values\.ya?ml$/.test(file.path)) {
    return { root: posix.dirname(file.path), part: 'values' };
  }
  return undefined;
}

function place(path: string, root: string): ChartFile | undefined {
  const rel = posix.relative(root, path);
  if (rel.startsWith('templates/')) return { root, part: 'templates' };
  if (DEFAULT_VALUES.test(rel)) return { root, part: 'values' };
  return undefined;
}

/** True for a chart's default values file (`<chart>/values.yaml`), not an environment override. */
export function isDefaultValues(file: ParsedFile, files: readonly ParsedFile[]): boolean {
  return chartFileOf(file, files)?.part === 'values';
}

export interface ChartVersion {
  version: string;
  /** 1-based line of `version:`. */
  line: number;
}

/** The `version` of a Chart.yaml text; undefined when it is missing or unreadable. */
export function chartVersion(text: string): ChartVersion | undefined {
  const parsed = parseYaml(text);
  if (!parsed.ok) return undefined;
  const doc = parsed.file.docs[0];
  if (!doc) return undefined;
  const root = asMap(doc, doc.contents);
  const version = scalarString(doc, child(doc, root, 'version'));
  const line = lineSpan(parsed.file, keyNode(root, 'version'))?.[0];
  return version === undefined || line === undefined ? undefined : { version, line };
}

/** The `name` of a parsed Chart.yaml. */
export function chartName(chart: ParsedFile | undefined): string | undefined {
  const doc = chart?.yaml?.docs[0];
  return doc ? scalarString(doc, child(doc, asMap(doc, doc.contents), 'name')) : undefined;
}

/** The next patch version of a SemVer (`1.2.3` → `1.2.4`), or undefined when it is not one. */
export function nextPatch(version: string): string | undefined {
  const m = /^(v?\d+\.\d+\.)(\d+)$/.exec(version);
  return m ? `${m[1]}${Number(m[2]) + 1}` : undefined;
}

/** Names (or aliases) of a chart's dependencies: their values live under these top-level keys. */
export function dependencyNames(chart: ParsedFile | undefined): Set<string> {
  const names = new Set<string>();
  const doc = chart?.yaml?.docs[0];
  if (!doc) return names;
  for (const item of asSeq(doc, child(doc, asMap(doc, doc.contents), 'dependencies'))?.items ?? []) {
    const dep = asMap(doc, item);
    const name = scalarString(doc, child(doc, dep, 'alias')) ?? scalarString(doc, child(doc, dep, 'name'));
    if (name) names.add(name);
  }
  return names;
}

/** The Chart.yaml of the chart at `root`, when it is in the change or its context. */
export function chartYamlAt(root: string, files: readonly ParsedFile[]): ParsedFile | undefined {
  return filesByExactPath(files).get(posix.join(root, 'Chart.yaml'));
}

export type ValuesVisitor = (map: YAMLMap, path: readonly string[], keyNode: YNode | undefined, doc: Document.Parsed) => void;

/**
 * Visits every map of a values document with its key path (`['server', 'sidecar']`); `[]` is the root.
 * Aliases are followed, but never into a collection that is already on the path (`a: &a {b: *a}`).
 */
export function walkValues(file: YamlFile, visit: ValuesVisitor, maxDepth = 12): void {
  for (const doc of file.docs) walk(doc, doc.contents as YNode, [], undefined, visit, maxDepth, new Set());
}

function walk(doc: Document.Parsed, node: YNode | undefined, path: string[], key: YNode | undefined, visit: ValuesVisitor, depth: number, onPath: Set<unknown>): void {
  const map = asMap(doc, node);
  if (map) {
    if (onPath.has(map)) return;
    visit(map, path, key, doc);
    if (depth <= 0) return;
    onPath.add(map);
    for (const pair of map.items) {
      const name = scalarString(doc, pair.key);
      if (name !== undefined) walk(doc, pair.value as YNode, [...path, name], pair.key as YNode, visit, depth - 1, onPath);
    }
    onPath.delete(map);
    return;
  }
  const seq = asSeq(doc, node);
  if (!seq || depth <= 0 || onPath.has(seq)) return;
  onPath.add(seq);
  seq.items.forEach((item, i) => walk(doc, item as YNode, [...path, `[${i}]`], undefined, visit, depth - 1, onPath));
  onPath.delete(seq);
}

/** Files by their exact path, the first of a path winning (as `files.find` would); once per run. */
export function filesByExactPath(files: readonly ParsedFile[]): ReadonlyMap<string, ParsedFile> {
  return sharedIndex(files, 'helm:files-by-path', (all) => {
    const byPath = new Map<string, ParsedFile>();
    for (const f of all) if (!byPath.has(f.path)) byPath.set(f.path, f);
    return byPath;
  });
}
