/**
 * The engine: classify → parse → check → suppress → filter. A pure function of the change and
 * the config; it never throws for bad input and never touches the network or the disk.
 */
import picomatch from 'picomatch';
import type { Change, ChangedFile, FileResult, Finding, Result, Severity } from '../model/types.js';
import { SEVERITY_RANK } from '../model/types.js';
import { DEFAULT_CONFIG, type Config } from '../config/config.js';
import { classify, type TreeIndex } from './classify.js';
import { parseFile, type ParsedFile } from './parsed-file.js';
import { createChangeContext, createFileContext, parseErrorOf, type RawFinding, type RuleSettings } from './context.js';
import { ENGINE_RULES, RULES } from './registry.js';
import { TooComplexError } from './limits.js';
import type { Rule } from './rule.js';
import { directivesOf, findSuppression, type Directive } from './suppress.js';
import { placeOnDiff } from './filter.js';
import { fingerprint } from './fingerprint.js';
import { patchPathsOf } from '../k8s/kustomize-patches.js';
import { normalizePath } from '../k8s/kustomize.js';

/** Larger files are skipped: they are generated or vendored, and would slow every review. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface AnalyzeOptions {
  /** Paths of the whole head tree, when the surface knows them (to find Chart.yaml beside a file). */
  treePaths?: Iterable<string>;
  /** Rules to run instead of the registry (tests). */
  rules?: readonly Rule[];
}

export async function analyze(input: Change, config: Config = DEFAULT_CONFIG, options: AnalyzeOptions = {}): Promise<Result> {
  const change = withoutByteOrderMarks(input);
  const tree = treeIndex(change, options.treePaths);
  const ignored = config.ignore_paths.length > 0 ? picomatch(config.ignore_paths, { dot: true }) : () => false;
  const files: FileResult[] = [];
  const parsed: ParsedFile[] = [];
  const raw: RawFinding[] = [];
  const rules = (options.rules ?? RULES).filter((r) => severityOf(r.id, r.severity, config) !== undefined);
  const scansEveryFile = rules.some((r) => r.allTextFiles);
  const patchFiles = kustomizePatchFiles(change.files, tree, ignored);

  for (const source of change.files) {
    const reviewed = source.status !== 'unchanged';
    const skip = skipReason(source, ignored);
    if (skip) {
      if (reviewed) files.push({ path: source.path, kind: 'other', status: 'skipped', reason: skip });
      continue;
    }
    const text = source.text!;
    const kind = classify(source.path, text, tree);
    if (kind === 'other' && !scansEveryFile) {
      if (reviewed) files.push({ path: source.path, kind, status: 'skipped', reason: 'not a file kind any rule reads' });
      // A kustomize patch is read by the overlay rules, though no rule reports on it.
      if (patchFiles.has(normalizePath(source.path))) parsed.push(parseFile(source, kind, text));
      continue;
    }
    const file = parseFile(source, kind, text);
    parsed.push(file);
    if (!reviewed) continue;
    if (file.problem) {
      files.push({ path: file.path, kind, status: file.problem.status, reason: file.problem.reason });
      if (file.problem.status === 'error') {
        raw.push(parseErrorOf(file, file.problem.line ?? 1, file.problem.reason, file.problem.tooComplex ? 'error' : undefined));
      }
    } else {
      files.push({ path: file.path, kind, status: 'analyzed' });
      for (const broken of file.yaml?.broken ?? []) {
        raw.push({ ...parseErrorOf(file, broken.line, `YAML parse error at line ${broken.line}: ${broken.reason} (this document was not reviewed; the others in the file were)`), key: `document@${broken.line}`, partial: true });
      }
    }
  }

  const settings: RuleSettings = { controller: config.controller };
  const readable = parsed.filter((f) => !f.problem);
  for (const rule of rules) {
    if (rule.checkChange) {
      const relevant = readable.filter((f) => appliesTo(rule, f));
      if (relevant.some((f) => f.source.status !== 'unchanged')) {
        await guard(rule, relevant.find((f) => f.source.status !== 'unchanged')!, raw, () => rule.checkChange!(createChangeContext(rule.id, settings, relevant, raw)));
      }
      continue;
    }
    // Scanners of every text file also read files whose structure could not be parsed.
    for (const file of rule.allTextFiles ? parsed : readable) {
      if (file.source.status === 'unchanged' || !appliesTo(rule, file)) continue;
      await guard(rule, file, raw, () => rule.check!(createFileContext(file, rule.id, settings, readable, raw)));
    }
  }
  markLateParseErrors(raw, files);
  return { findings: finish(raw, rules, config), files: files.sort((a, b) => a.path.localeCompare(b.path)) };
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
function kustomizePatchFiles(files: readonly ChangedFile[], tree: TreeIndex, ignored: (path: string) => boolean): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    if (skipReason(file, ignored) || classify(file.path, file.text!, tree) !== 'kustomization') continue;
    for (const path of patchPathsOf(file.path, file.text!)) out.add(path);
  }
  return out;
}

/**
 * Rules that parse a file themselves (Terraform, for one) report parse errors late: the file is
 * then an error in the files list, and one parse-error finding per file is kept.
 */
function markLateParseErrors(raw: RawFinding[], files: FileResult[]): void {
  const seen = new Set<ParsedFile>();
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    if (r.rule !== 'parse-error' || r.partial || r.file.source.status === 'unchanged') continue;
    if (seen.has(r.file)) {
      raw.splice(i--, 1);
      continue;
    }
    seen.add(r.file);
    const result = files.find((f) => f.path === r.file.path);
    if (result && result.status === 'analyzed') Object.assign(result, { status: 'error', reason: r.message });
  }
}

function appliesTo(rule: Rule, file: ParsedFile): boolean {
  return rule.allTextFiles === true || (rule.kinds.includes(file.kind as never) && !file.problem);
}

/**
 * A rule that throws becomes a finding on that file; the run goes on. Input a parser refused as
 * too complex is a parse-error on the file (one per file, see markLateParseErrors).
 */
async function guard(rule: Rule, file: ParsedFile, raw: RawFinding[], run: () => void | Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof TooComplexError) {
      raw.push(parseErrorOf(file, error.line, `too complex: ${error.reason}`, 'error'));
      return;
    }
    const reason = error instanceof Error ? error.message : String(error);
    raw.push({
      rule: 'internal-error', file, line: 1, endLine: 1, span: [1, Math.max(1, file.lines.length)],
      message: `Rule ${rule.id} could not run on ${file.path} (${reason}), so this file was not fully reviewed: it needs a human look.`,
    });
  }
}

function skipReason(file: ChangedFile, ignored: (path: string) => boolean): string | undefined {
  if (file.status === 'removed') return 'removed in this change';
  if (file.skipReason) return file.skipReason;
  if (ignored(file.path)) return 'matches ignore_paths';
  if (file.text === undefined) return 'no content available';
  if (file.text.length > MAX_FILE_BYTES) return `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`;
  if (file.text.includes('\u0000')) return 'binary file';
  return undefined;
}

function severityOf(rule: string, fallback: Severity, config: Config): Severity | undefined {
  const setting = config.rules[rule];
  if (setting === 'off') return undefined;
  return setting ?? fallback;
}

function finish(raw: RawFinding[], rules: readonly Rule[], config: Config): Finding[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const directiveCache = new Map<ParsedFile, Map<number, Directive>>();
  const seen = new Map<string, number>();
  const out: Finding[] = [];
  for (const r of raw) {
    const rule = byId.get(r.rule);
    const severity = severityOf(r.rule, r.severity ?? rule?.severity ?? ENGINE_RULES[r.rule]?.severity ?? 'warning', config);
    if (!severity) continue;
    // Rules and files beyond the last line (a finding on an empty file) are clamped, never dropped.
    const last = Math.max(1, r.file.lines.length);
    const line = clamp(r.line, last);
    const endLine = clamp(Math.max(r.endLine, line), last);
    const span: [number, number] = [clamp(r.span[0], last), clamp(r.span[1], last)];
    let directives = directiveCache.get(r.file);
    if (!directives) directiveCache.set(r.file, (directives = directivesOf(r.file)));
    const object = r.file.objects.find((o) => o.span[0] <= line && line <= o.span[1]);
    const key = r.key ?? (object ? `${object.kind}/${object.namespace ?? ''}/${object.name}` : '');
    let print = fingerprint(r.rule, r.file.path, key, r.file.lines.slice(line - 1, endLine).join('\n'));
    const count = seen.get(print) ?? 0;
    seen.set(print, count + 1);
    if (count > 0) print = `${print}-${count + 1}`;
    const finding: Finding = {
      rule: r.rule, antipattern: rule?.antipattern ?? 0, severity, file: r.file.path, line, endLine, span,
      message: r.message, fingerprint: print,
      ...placeOnDiff(r.file.source, line, span),
    };
    if (r.suggestion !== undefined) finding.suggestion = r.suggestion;
    const suppressed = findSuppression(directives, object, r.rule, line, span);
    if (suppressed) finding.suppressed = suppressed;
    out.push(finding);
  }
  return out.sort(compareFindings);
}

function clamp(line: number, last: number): number {
  return Math.min(Math.max(1, line), last);
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.rule.localeCompare(b.rule);
}

function treeIndex(change: Change, treePaths?: Iterable<string>): TreeIndex {
  const paths = new Set<string>(treePaths ?? []);
  for (const f of change.files) if (f.status !== 'removed') paths.add(f.path);
  return paths;
}
