/** What a rule sees: one parsed file (or the whole change) and a way to report findings. */
import type { K8sObject } from '../k8s/objects.js';
import { containersOf, toWorkload, type Container, type Workload } from '../k8s/workloads.js';
import { lineSpan, type YNode } from '../parse/yaml.js';
import type { ParsedFile } from './parsed-file.js';
import type { FileKind, Severity, Suppression } from '../model/types.js';
import { placeOnDiff, type DiffPlacement } from './filter.js';
import { directivesOf, findSuppression, type Directive } from './suppress.js';

/** Settings from the config that change what a rule looks for. */
export interface RuleSettings {
  /** The repository is a Kubernetes controller/operator (`controller: true`). */
  controller: boolean;
}

/** Where a finding points: a YAML node, a line, or a [first, last] line range. */
export type Anchor = YNode | number | readonly [number, number];

export interface ReportOptions {
  /** Lines the finding is about (for absent things: the whole container block). */
  span?: readonly [number, number];
  /** Replacement text for the anchored lines. */
  suggestion?: string;
  /** Identity of the object, for the fingerprint; defaults to the enclosing object. */
  key?: string;
}

export interface RawFinding {
  rule: string;
  file: ParsedFile;
  line: number;
  endLine: number;
  span: [number, number];
  message: string;
  suggestion?: string;
  key?: string;
  /** Default severity of this finding when the config sets none (a "too complex" parse-error is an error). */
  severity?: Severity;
  /** A broken document of a file whose other documents were reviewed: the file stays 'analyzed'. */
  partial?: boolean;
  /** For an internal error: the rule that failed. */
  failedRule?: string;
}

export interface FileContext {
  readonly file: ParsedFile;
  readonly path: string;
  readonly text: string;
  readonly settings: RuleSettings;
  /**
   * Every file of the change and its context, for rules that look beside the file. Scanning it
   * from check() costs the whole change for every file (quadratic): build an index with index().
   */
  readonly allFiles: readonly ParsedFile[];
  /**
   * Cross-file information, built once per analyze() run from every file however many files and
   * rules ask: `ctx.index('service-accounts', (files) => ...)`. The name identifies the index
   * (use one name per build function, prefixed with the rule or helper's name).
   */
  index<T>(name: string, build: (files: readonly ParsedFile[]) => T): T;
  objects(): K8sObject[];
  workloads(): Workload[];
  containers(): Container[];
  /** True when template actions we could not read sit inside the line range (Helm). */
  hasTemplateActions(span: readonly [number, number]): boolean;
  lines(node: YNode | undefined): [number, number] | undefined;
  report(at: Anchor, message: string, options?: ReportOptions): void;
  /** For rules that parse a file themselves: it did not parse (becomes a parse-error finding). */
  reportParseError(line: number, reason: string): void;
  /**
   * Where a finding would sit, resolved now (lines, object, fingerprint text, suppression, place
   * on the diff), for a cross-file rule's gather: its finish may report there once the tree is gone.
   */
  place(at: Anchor, options?: { span?: readonly [number, number] }): Place;
}

/** A resolved position in a file: plain data, kept after the file's tree is dropped. */
export interface Place {
  path: string;
  kind: FileKind;
  /** Whether the change touched the file (false for context files). */
  reviewed: boolean;
  line: number;
  endLine: number;
  span: [number, number];
  /** Identity of the enclosing object, for the fingerprint. */
  objectKey: string;
  /** The anchor lines' text, for the fingerprint. */
  anchorText: string;
  suppressed?: Suppression;
  placement: DiffPlacement;
}

/** What a cross-file rule's finish sees: what gather collected, in file order. */
export interface FinishContext<T> {
  readonly collected: readonly T[];
  readonly settings: RuleSettings;
  /** Report at a place gathered earlier; `key` replaces the object as the fingerprint's identity. */
  report(place: Place, message: string, options?: { key?: string; suggestion?: string }): void;
  /** Drops every finding this rule's gather reported, in every file. */
  withdraw(): void;
}

export interface ChangeContext {
  readonly files: readonly ParsedFile[];
  readonly settings: RuleSettings;
  /** As FileContext.index, over the files this rule reads. */
  index<T>(name: string, build: (files: readonly ParsedFile[]) => T): T;
  /** Report on one file; the filter decides later whether it is on the diff. */
  report(file: ParsedFile, at: Anchor, message: string, options?: ReportOptions): void;
  reportParseError(file: ParsedFile, line: number, reason: string): void;
}

export function resolveAnchor(file: ParsedFile, at: Anchor): [number, number] {
  if (typeof at === 'number') return [at, at];
  if (Array.isArray(at)) return [at[0] as number, at[1] as number];
  const span = file.yaml ? lineSpan(file.yaml, at as YNode) : undefined;
  return span ?? [1, 1];
}

/** Workloads and containers of a file, computed once however many rules ask for them. */
const traversals = new WeakMap<ParsedFile, { workloads: Workload[]; containers: Container[] }>();

function traverse(file: ParsedFile): { workloads: Workload[]; containers: Container[] } {
  let cached = traversals.get(file);
  if (!cached) {
    const workloads = file.objects.map(toWorkload).filter((w): w is Workload => w !== undefined);
    const containers = file.yaml ? workloads.flatMap((w) => containersOf(file.yaml!, w)) : [];
    traversals.set(file, (cached = { workloads, containers }));
  }
  return cached;
}

/**
 * Deterministic work counters, for tests that prove the engine scales linearly (they count
 * operations, not time). Reset them with resetEngineCounters().
 */
export const engineCounters = {
  /** Indexes built by sharedIndex (each name once per set of files). */
  indexBuilds: 0,
  /** Look-ups through sharedIndex / ctx.index (a hit or a build). */
  indexLookups: 0,
  /** Files a cross-file index build visited (files.length per build). */
  indexFileVisits: 0,
};

export function resetEngineCounters(): void {
  engineCounters.indexBuilds = 0;
  engineCounters.indexLookups = 0;
  engineCounters.indexFileVisits = 0;
}

/** Indexes by the file list they were built from: one analyze() run shares one list across rules. */
const sharedIndexes = new WeakMap<readonly ParsedFile[], Map<string, unknown>>();

/**
 * An index over a list of files, built once per list (so once per analyze() run for the list
 * every FileContext gets as allFiles). Helpers that receive `allFiles` use this instead of
 * scanning the list on every call.
 */
export function sharedIndex<T>(files: readonly ParsedFile[], name: string, build: (files: readonly ParsedFile[]) => T): T {
  engineCounters.indexLookups++;
  let byName = sharedIndexes.get(files);
  if (!byName) sharedIndexes.set(files, (byName = new Map()));
  if (byName.has(name)) return byName.get(name) as T;
  engineCounters.indexBuilds++;
  engineCounters.indexFileVisits += files.length;
  const value = build(files);
  byName.set(name, value);
  return value;
}

/** Appends to the list under a key of a map of lists (no copy per item: linear, not quadratic). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `reports`: where ctx.report goes, when not with the parse errors in `sink` (a gather's tentative findings). */
export function createFileContext(
  file: ParsedFile, ruleId: string, settings: RuleSettings, allFiles: readonly ParsedFile[], sink: RawFinding[], reports: RawFinding[] = sink,
): FileContext {
  const ctx: FileContext = {
    file, path: file.path, text: file.text, settings, allFiles,
    index: (name, build) => sharedIndex(allFiles, name, build),
    objects: () => file.objects,
    workloads: () => traverse(file).workloads,
    containers: () => traverse(file).containers,
    hasTemplateActions(span) {
      const actions = file.templateActionLines;
      if (!actions || actions.size === 0) return false;
      for (let line = span[0]; line <= span[1]; line++) if (actions.has(line)) return true;
      return false;
    },
    lines: (node) => (file.yaml && node ? lineSpan(file.yaml, node) : undefined),
    report(at, message, options = {}) {
      reports.push(toRaw(file, ruleId, at, message, options));
    },
    reportParseError(line, reason) {
      sink.push(parseErrorOf(file, line, reason));
    },
    place(at, options = {}) {
      return placeOf(file, ruleId, toRaw(file, ruleId, at, '', options));
    },
  };
  return ctx;
}

/** Suppression directives of a file, read once however many findings ask (by its lines, which a large manifest's windows share). */
const directiveCache = new WeakMap<readonly string[], Map<number, Directive>>();

/**
 * Everything a finding needs from its file, resolved while the file is at hand: lines clamped to
 * the file (a finding on an empty file is clamped, never dropped), the enclosing object, the
 * anchor text, suppression and the place on the diff.
 */
export function placeOf(file: ParsedFile, rule: string, raw: Pick<RawFinding, 'line' | 'endLine' | 'span'>): Place {
  const last = Math.max(1, file.lines.length);
  const line = clamp(raw.line, last);
  const endLine = clamp(Math.max(raw.endLine, line), last);
  const span: [number, number] = [clamp(raw.span[0], last), clamp(raw.span[1], last)];
  let directives = directiveCache.get(file.lines);
  if (!directives) directiveCache.set(file.lines, (directives = directivesOf(file)));
  const object = objectAt(file, line);
  const place: Place = {
    path: file.path, kind: file.kind, reviewed: file.source.status !== 'unchanged',
    line, endLine, span,
    objectKey: object ? `${object.kind}/${object.namespace ?? ''}/${object.name}` : '',
    anchorText: file.lines.slice(line - 1, endLine).join('\n'),
    placement: placeOnDiff(file.source, line, span),
  };
  const suppressed = findSuppression(directives, object, rule, line, span);
  if (suppressed) place.suppressed = suppressed;
  return place;
}

function clamp(line: number, last: number): number {
  return Math.min(Math.max(1, line), last);
}

/** Objects of a file by first line, for a binary search: one look-up per finding, not a scan. */
const objectStarts = new WeakMap<ParsedFile, K8sObject[]>();

/** The first object (in file order) whose lines hold `line`, as a scan of file.objects would find. */
function objectAt(file: ParsedFile, line: number): K8sObject | undefined {
  const objects = file.objects;
  if (objects.length < 8) return objects.find((o) => o.span[0] <= line && line <= o.span[1]);
  let sorted = objectStarts.get(file);
  if (!sorted) {
    // Objects of a List nest inside it, so spans may overlap: only sorted, disjoint spans use the search.
    const disjoint = objects.every((o, i) => i === 0 || objects[i - 1]!.span[1] < o.span[0]);
    objectStarts.set(file, (sorted = disjoint ? objects : []));
  }
  if (sorted.length === 0) return objects.find((o) => o.span[0] <= line && line <= o.span[1]);
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const o = sorted[mid]!;
    if (line < o.span[0]) high = mid - 1;
    else if (line > o.span[1]) low = mid + 1;
    else return o;
  }
  return undefined;
}

export function createChangeContext(ruleId: string, settings: RuleSettings, files: readonly ParsedFile[], sink: RawFinding[]): ChangeContext {
  return {
    files, settings,
    index: (name, build) => sharedIndex(files, name, build),
    report(file, at, message, options = {}) {
      sink.push(toRaw(file, ruleId, at, message, options));
    },
    reportParseError(file, line, reason) {
      sink.push(parseErrorOf(file, line, reason));
    },
  };
}

export function parseErrorOf(file: ParsedFile, line: number, reason: string, severity?: Severity): RawFinding {
  const raw: RawFinding = { rule: 'parse-error', file, line, endLine: line, span: [1, Math.max(1, file.lines.length)], message: reason };
  if (severity) raw.severity = severity;
  return raw;
}

function toRaw(file: ParsedFile, rule: string, at: Anchor, message: string, options: ReportOptions): RawFinding {
  const [line, endLine] = resolveAnchor(file, at);
  const span: [number, number] = options.span ? [options.span[0], options.span[1]] : [line, endLine];
  return {
    rule, file, line, endLine,
    span: [Math.min(span[0], line), Math.max(span[1], endLine)],
    message, suggestion: options.suggestion, key: options.key,
  };
}

