/**
 * The engine: classify → parse → check → suppress → filter. A pure function of the change and
 * the config; it never throws for bad input and never touches the network or the disk.
 */
import picomatch from 'picomatch';
import type { Change, ChangedFile, FileKind, FileResult, Finding, Result } from '../model/types.js';
import { SEVERITY_RANK } from '../model/types.js';
import { DEFAULT_CONFIG, type Config } from '../config/config.js';
import { classify, type TreeIndex } from './classify.js';
import { parseFile, type ParsedFile } from './parsed-file.js';
import { createChangeContext, type RawFinding } from './context.js';
import { ENGINE_RULES, RULES } from './registry.js';
import type { Rule } from './rule.js';
import {
  appliesTo, findingAt, findingOf, guard, internalErrorMessage, passEnv, passFile, reviewParsed, rulesOn, severityOf, textOf,
  type FileJob, type FileOutcome, type PassEnv,
} from './file-pass.js';
import { lanesFor, passInThreads } from './parallel.js';
import { gatheredFor, pack, unpackFindings, type PackedOutcome } from './packed.js';
import { patchPathsOf } from '../k8s/kustomize-patches.js';
import { normalizePath } from '../k8s/kustomize.js';

/** Larger files are skipped: they are generated or vendored, and would slow every review. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface AnalyzeOptions {
  /** Paths of the whole head tree, when the surface knows them (to find Chart.yaml beside a file). */
  treePaths?: Iterable<string>;
  /** Rules to run instead of the registry (tests; always on the calling thread). */
  rules?: readonly Rule[];
  /**
   * Threads for the streamed files (manifests and the like): 1, the default, reviews everything on
   * the calling thread; 'auto' uses every core (up to 4) when they add up to 2 MiB or more.
   */
  threads?: number | 'auto';
  /** Manifests longer than this are read in windows of documents of about this size (tests set 1: a document each). */
  windowBytes?: number;
}

/** The findings of one file, sorted, made when asked (see analyzeInParts); asking twice gives the same. */
export type FindingsPart = () => Finding[];

export interface ResultInParts {
  files: FileResult[];
  /** One part per file with findings, in the order of the report (by path). */
  parts: FindingsPart[];
}

export async function analyze(input: Change, config: Config = DEFAULT_CONFIG, options: AnalyzeOptions = {}): Promise<Result> {
  const { files, parts } = await analyzeInParts(input, config, options);
  const findings: Finding[] = [];
  for (const part of parts) for (const finding of part()) findings.push(finding);
  return { findings, files };
}

/**
 * The same review as analyze, with the findings kept per file until they are asked for: a caller
 * that writes them file by file (the CLI's JSON) never holds every finding of a large input at once.
 */
export async function analyzeInParts(input: Change, config: Config = DEFAULT_CONFIG, options: AnalyzeOptions = {}): Promise<ResultInParts> {
  const change = withoutByteOrderMarks(input);
  const tree = treeIndex(change, options.treePaths);
  const ignored = config.ignore_paths.length > 0 ? picomatch(config.ignore_paths, { dot: true }) : () => false;
  const files: FileResult[] = [];
  const rules = rulesOn(options.rules ?? RULES, config);
  const scansEveryFile = rules.some((r) => r.allTextFiles);
  // A whole-change rule that reads every text file (a chart's `_helpers.tpl`, NOTES.txt) needs them kept.
  const otherIsContext = rules.some((r) => r.checkChange && r.allTextFiles);

  // What each file is. A file the surface can load again (the CLI, from disk) is not kept in memory
  // when it will stream: it is loaded again when its turn comes.
  const entries: Array<{ source: ChangedFile; kind: FileKind; bytes: number; text?: string }> = [];
  for (const source of change.files) {
    const reviewed = source.status !== 'unchanged';
    const early = skipBeforeReading(source, ignored);
    const text = early ? undefined : textOf(source);
    const skip = early ?? skipByContent(text);
    if (skip) {
      if (reviewed) files.push({ path: source.path, kind: 'other', status: 'skipped', reason: skip });
      continue;
    }
    const kind = classify(source.path, text!, tree);
    const keep = source.text !== undefined || CONTEXT_KINDS.has(kind) || kind === 'other';
    entries.push({ source, kind, bytes: text!.length, ...(keep ? { text } : {}) });
  }
  const patchFiles = kustomizePatchFiles(entries);

  // Which files are read, and how: context files (few, small, read across files with their trees)
  // are parsed first and kept; the rest stream through one at a time, possibly on other threads.
  const jobs: Array<FileJob & { role: 'context' | 'stream'; silent?: true }> = [];
  for (const { source, kind, bytes, text } of entries) {
    const reviewed = source.status !== 'unchanged';
    const patch = patchFiles.has(normalizePath(source.path));
    const withText = (): ChangedFile => (source.text !== undefined ? source : { ...source, text: text ?? textOf(source) });
    if (kind === 'other' && !scansEveryFile) {
      if (reviewed) files.push({ path: source.path, kind, status: 'skipped', reason: 'not a file kind any rule reads' });
      // A kustomize patch is read by the overlay rules, though no rule reports on it.
      if (patch) jobs.push({ source: withText(), kind, bytes, role: 'context', silent: true });
      continue;
    }
    const context = patch || CONTEXT_KINDS.has(kind) || (kind === 'other' && otherIsContext);
    jobs.push({ source: context ? withText() : source, kind, bytes, role: context ? 'context' : 'stream' });
  }

  const contextFiles = jobs.filter((j) => j.role === 'context').map((j) => parseFile(j.source, j.kind, j.source.text!));
  const env = passEnv(config, contextFiles.filter((f) => !f.problem), rules, options.windowBytes);
  const streamed = jobs.filter((j) => j.role === 'stream');
  const parallel = options.rules === undefined ? lanesFor(streamed, options.threads) : 1;
  const streamedOutcomes: Array<FileOutcome | PackedOutcome> = parallel > 1
    ? await passInThreads(streamed, { config, context: jobs.filter((j) => j.role === 'context').map(sendable), windowBytes: env.windowBytes }, parallel, (job, pause) => passFile(job, env, pause), sendable)
    : await mapInOrder(streamed, async (job) => pack(await passFile(job, env)));
  const outcomes: Array<FileOutcome | PackedOutcome> = [];
  const contextOutcomes = new Map<ParsedFile, FileOutcome>();
  let nextContext = 0;
  let nextStreamed = 0;
  for (const job of jobs) {
    let outcome: FileOutcome | PackedOutcome;
    if (job.role === 'context') {
      const file = contextFiles[nextContext++]!;
      const reviewed = await reviewParsed(file, env);
      // A patch of no kind any rule reads: listed as skipped above, read only by the overlay rules.
      if (job.silent) {
        delete reviewed.result;
        reviewed.findings = [];
        reviewed.tentative = [];
      }
      contextOutcomes.set(file, (outcome = reviewed));
    } else {
      outcome = streamedOutcomes[nextStreamed++]!;
    }
    if (outcome.result) files.push(outcome.result);
    outcomes.push(outcome);
  }

  // Findings of the whole change, after every file's own, as they always came.
  const finished = finishCrossFile(env, outcomes);
  const later = [...await runChangeRules(env, contextOutcomes), ...finished.findings];
  // What cross-file rules gathered is spent: it need not live while the findings are written.
  for (const outcome of outcomes) outcome.gathered = [];
  return { parts: partsByFile(outcomes, later, finished.withdrawn), files: files.sort((a, b) => a.path.localeCompare(b.path)) };
}

/**
 * The findings of each file: its own (unpacked only when asked), then those of whole-change rules
 * on it. Identical findings are numbered and the list sorted per file: a fingerprint names its
 * file, so this is the order and the numbering of one list over the whole run.
 */
function partsByFile(outcomes: ReadonlyArray<FileOutcome | PackedOutcome>, later: readonly Finding[], withdrawn: ReadonlySet<number>): FindingsPart[] {
  const byPath = new Map<string, { own: Array<FileOutcome | PackedOutcome>; later: Finding[] }>();
  const groupOf = (path: string): { own: Array<FileOutcome | PackedOutcome>; later: Finding[] } => {
    let group = byPath.get(path);
    if (!group) byPath.set(path, (group = { own: [], later: [] }));
    return group;
  };
  for (const outcome of outcomes) {
    if ('packed' in outcome || outcome.findings.length > 0 || outcome.tentative.length > 0) groupOf(outcome.head.path).own.push(outcome);
  }
  for (const finding of later) groupOf(finding.file).later.push(finding);
  return [...byPath.keys()].sort((a, b) => a.localeCompare(b)).map((path) => () => {
    const group = byPath.get(path)!;
    const findings: Finding[] = [];
    for (const outcome of group.own) for (const finding of unpackFindings(outcome, withdrawn)) findings.push(finding);
    for (const finding of group.later) findings.push(finding);
    return numberDuplicates(findings).sort(compareFindings);
  });
}

/**
 * Kinds read across files with their trees: charts, kustomizations, pipelines, Terraform, GitOps
 * definitions. They are few and small in a repository; manifests, which can be tens of megabytes,
 * stream (their cross-file rules gather facts instead).
 */
const CONTEXT_KINDS: ReadonlySet<FileKind> = new Set(['helm-template', 'helm-values', 'chart', 'kustomization', 'ci', 'terraform', 'gitops']);

async function mapInOrder<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}

/**
 * checkChange rules read context files only (see Rule): they run once, over the files of their
 * kinds. A parse error they find (Terraform parses in its rule) makes the file an error, once.
 */
async function runChangeRules(env: PassEnv, outcomes: ReadonlyMap<ParsedFile, FileOutcome>): Promise<Finding[]> {
  const raw: RawFinding[] = [];
  for (const rule of env.rules) {
    if (!rule.checkChange) continue;
    const relevant = env.context.filter((f) => appliesTo(rule, f));
    const first = relevant.find((f) => f.source.status !== 'unchanged');
    if (first) await guard(rule, first, raw, () => rule.checkChange!(createChangeContext(rule.id, env.settings, relevant, raw)));
  }
  const out: Finding[] = [];
  for (const r of raw) {
    const outcome = outcomes.get(r.file);
    if (r.rule === 'parse-error' && !r.partial && outcome?.result) {
      if (outcome.parseError) continue;
      outcome.parseError = true;
      if (outcome.result.status === 'analyzed') Object.assign(outcome.result, { status: 'error', reason: r.message });
    }
    const finding = findingOf(r, env);
    if (finding) out.push(finding);
  }
  return out;
}

/**
 * The finish step of cross-file rules, over what gather collected from every file in file order:
 * the findings finish reports, and the rules (by index) that withdrew what their gather reported.
 */
function finishCrossFile(env: PassEnv, outcomes: ReadonlyArray<FileOutcome | PackedOutcome>): { findings: Finding[]; withdrawn: Set<number> } {
  const out: Finding[] = [];
  const withdrawn = new Set<number>();
  for (const [index, rule] of env.rules.entries()) {
    const cross = rule.crossFile;
    if (!cross) continue;
    // Like a checkChange rule, it runs when the change touched a file of its kinds.
    const first = outcomes.find((o) => o.head.reviewed && o.readable && rule.kinds.includes(o.head.kind as never));
    if (!first) continue;
    const collected: unknown[] = [];
    for (const outcome of outcomes) for (const v of gatheredFor(outcome, index)) collected.push(v);
    const severity = severityOf(rule.id, rule.severity, env.config)!;
    try {
      cross.finish({
        collected: collected as never[], settings: env.settings,
        report: (place, message, options = {}) => { out.push(findingAt(place, rule.id, rule.antipattern, severity, message, options)); },
        withdraw: () => { withdrawn.add(index); },
      });
    } catch (error) {
      // A rule whose verdict failed reports the failure instead of what its gather proposed.
      withdrawn.add(index);
      const internal = severityOf('internal-error', ENGINE_RULES['internal-error']!.severity, env.config);
      if (internal) out.push(findingAt(first.head, 'internal-error', 0, internal, internalErrorMessage(rule.id, first.head.path, error)));
    }
  }
  return { findings: out, withdrawn };
}

/**
 * Identical findings (same rule, file, object and text) are told apart by a suffix, in report
 * order. A renamed finding is a copy: the findings of a part stay as they were, to be read again.
 */
function numberDuplicates(findings: Finding[]): Finding[] {
  const seen = new Map<string, number>();
  for (const [i, f] of findings.entries()) {
    const count = seen.get(f.fingerprint) ?? 0;
    seen.set(f.fingerprint, count + 1);
    if (count > 0) findings[i] = { ...f, fingerprint: `${f.fingerprint}-${count + 1}` };
  }
  return findings;
}

/**
 * A UTF-8 byte-order mark (Windows editors write one) is not part of the text: left in, it hides
 * `apiVersion:` on the first line and the manifest goes unreviewed. Whatever surface read the file.
 */
function withoutByteOrderMarks(change: Change): Change {
  if (!change.files.some((f) => f.text?.startsWith('\uFEFF'))) return change;
  return { ...change, files: change.files.map((f) => (f.text?.startsWith('\uFEFF') ? { ...f, text: f.text.slice(1) } : f)) };
}

/**
 * Files that a kustomization of the change or its context uses as a patch. JSON patches and
 * fragments without apiVersion classify as 'other', yet the overlay rules read their text: they
 * are parsed (no rule reports on a file of kind 'other') instead of dropped.
 */
function kustomizePatchFiles(entries: ReadonlyArray<{ source: ChangedFile; kind: FileKind; text?: string }>): Set<string> {
  const out = new Set<string>();
  for (const { source, kind, text } of entries) {
    if (kind !== 'kustomization') continue;
    for (const path of patchPathsOf(source.path, text!)) out.add(path);
  }
  return out;
}

/** A job that can cross to a worker thread: with its text, without the function that loads it. */
function sendable(job: FileJob): FileJob {
  const { load: _load, ...source } = job.source;
  return { ...job, source: { ...source, text: textOf(job.source) } };
}

function skipBeforeReading(file: ChangedFile, ignored: (path: string) => boolean): string | undefined {
  if (file.status === 'removed') return 'removed in this change';
  if (file.skipReason) return file.skipReason;
  if (ignored(file.path)) return 'matches ignore_paths';
  return undefined;
}

function skipByContent(text: string | undefined): string | undefined {
  if (text === undefined) return 'no content available';
  if (text.length > MAX_FILE_BYTES) return `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`;
  if (text.includes('\u0000')) return 'binary file';
  return undefined;
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.rule.localeCompare(b.rule);
}

function treeIndex(change: Change, treePaths?: Iterable<string>): TreeIndex {
  const paths = new Set<string>(treePaths ?? []);
  for (const f of change.files) if (f.status !== 'removed') paths.add(f.path);
  return paths;
}
