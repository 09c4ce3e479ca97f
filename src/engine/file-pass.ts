/**
 * One file through the engine: parse, its per-file rules, the gather step of cross-file rules,
 * and its findings resolved (fingerprint, suppression, place on the diff) while its text and tree
 * are at hand. What comes out is plain data: it may cross a thread, and the tree can be dropped.
 */
import type { ChangedFile, FileKind, FileResult, Finding, Severity } from '../model/types.js';
import type { Config } from '../config/config.js';
import { parseFile, type ParsedFile } from './parsed-file.js';
import { createFileContext, parseErrorOf, placeOf, pushTo, type Place, type RawFinding, type RuleSettings } from './context.js';
import { ENGINE_RULES } from './registry.js';
import { TooComplexError } from './limits.js';
import type { Rule } from './rule.js';
import { fingerprint } from './fingerprint.js';
import { documentWindows, WINDOW_BYTES } from './document-windows.js';

/** What the engine needs to review one file, the same on every thread. */
export interface PassEnv {
  rules: readonly Rule[];
  config: Config;
  settings: RuleSettings;
  /** Files that rules read across files with their trees (charts, kustomizations, pipelines...). */
  context: readonly ParsedFile[];
  /** Manifests longer than this are read in windows of documents (see document-windows.ts). */
  windowBytes: number;
}

/** The rules the config leaves on. */
export function rulesOn(rules: readonly Rule[], config: Config): Rule[] {
  return rules.filter((r) => severityOf(r.id, r.severity, config) !== undefined);
}

/** The environment of a run (on every thread alike): the rules on, the settings, the context files. */
export function passEnv(config: Config, context: readonly ParsedFile[], rules: readonly Rule[], windowBytes = WINDOW_BYTES): PassEnv {
  return { rules: rulesOn(rules, config), config, settings: { controller: config.controller }, context, windowBytes };
}

export interface FileOutcome {
  /** For files the change touched. */
  result?: FileResult;
  /** Fingerprints still without the suffix that tells identical findings apart (added over the whole run). */
  findings: Finding[];
  /** What cross-file rules gathered from the file: [index of the rule in env.rules, values]. */
  gathered: Array<[number, unknown[]]>;
  /** Findings cross-file rules reported in gather, which their finish may withdraw: [index of the rule, findings]. */
  tentative: Array<[number, Finding[]]>;
  /** Where a cross-file rule that failed reports on this file. */
  head: Place;
  /** The file's structure could be read (rules ran on it). */
  readable: boolean;
  /** A parse-error finding was made for the file (one per file). */
  parseError: boolean;
}

/** A file the engine reads, as a job (kind decided by the caller, who knows the whole tree). */
export interface FileJob {
  source: ChangedFile;
  kind: FileKind;
  /** Length of its text (known before the text is loaded again). */
  bytes?: number;
}

/** The file's text: given, or loaded now (without a byte-order mark, as given texts are). */
export function textOf(source: ChangedFile): string | undefined {
  if (source.text !== undefined) return source.text;
  const loaded = source.load?.();
  return loaded?.startsWith('\uFEFF') ? loaded.slice(1) : loaded;
}

export async function passFile(job: FileJob, env: PassEnv, pause?: () => Promise<void>): Promise<FileOutcome> {
  const source = job.source.text !== undefined ? job.source : { ...job.source, text: textOf(job.source) };
  // A file that changed on disk between two reads has nothing left to review: it is an error.
  if (source.text === undefined) return reviewParsed({ ...parseFile(source, job.kind, ''), problem: { status: 'error', reason: 'could not be read again' } }, env);
  if (job.kind === 'manifest' && source.text.length > env.windowBytes) {
    // A large manifest is read a window of documents at a time; when it is not fit for that
    // (see documentWindows), or its parser fails halfway, it is read whole as any other file.
    try {
      const outcome = await reviewParts(documentWindows(source, source.text, env.windowBytes), env, pause);
      if (outcome) return outcome;
    } catch {
      // Read whole below: the parse error is reported there, as for any file.
    }
  }
  return reviewParsed(parseFile(source, job.kind, source.text), env);
}

/** Per-file rules, then gather, in the order of env.rules (as one file's findings always were). */
export async function reviewParsed(file: ParsedFile, env: PassEnv): Promise<FileOutcome> {
  return (await reviewParts([file], env))!;
}

/**
 * The review of one file given in parts: the whole file, or the windows of a large manifest.
 * What a file gets once (its result, the problem of a file that did not parse, an internal error
 * per rule, the parse error of a rule that parses by itself) it gets once however many windows;
 * each part's findings are resolved before the next part is read, so that its tree can go.
 * Undefined when there are no parts.
 */
async function reviewParts(parts: Iterable<ParsedFile>, env: PassEnv, pause?: () => Promise<void>): Promise<FileOutcome | undefined> {
  let outcome: FileOutcome | undefined;
  const gathered = new Map<number, unknown[]>();
  const tentative = new Map<number, Finding[]>();
  const failed = new Set<string>();
  for (const file of parts) {
    const reviewed = file.source.status !== 'unchanged';
    const raw: RawFinding[] = [];
    if (!outcome) {
      outcome = {
        result: reviewed ? resultOf(file, raw) : undefined, findings: [], gathered: [], tentative: [], readable: !file.problem, parseError: false,
        head: placeOf(file, 'internal-error', { line: 1, endLine: 1, span: [1, Math.max(1, file.lines.length)] }),
      };
    }
    if (reviewed && !file.problem) {
      for (const broken of file.yaml?.broken ?? []) {
        raw.push({ ...parseErrorOf(file, broken.line, `YAML parse error at line ${broken.line}: ${broken.reason} (this document was not reviewed; the others in the file were)`), key: `document@${broken.line}`, partial: true });
      }
    }
    for (const [index, rule] of env.rules.entries()) {
      // Scanners of every text file also read files whose structure could not be parsed.
      if (rule.check && reviewed && appliesTo(rule, file)) {
        await guard(rule, file, raw, () => rule.check!(createFileContext(file, rule.id, env.settings, env.context, raw)));
      }
      const cross = rule.crossFile;
      if (cross && !file.problem && cross.kinds.includes(file.kind as never)) {
        const reported: RawFinding[] = [];
        await guard(rule, file, raw, () => cross.gather(createFileContext(file, rule.id, env.settings, env.context, raw, reported), (value) => pushTo(gathered, index, value)));
        for (const r of reported) {
          const finding = findingOf(r, env);
          if (finding) pushTo(tentative, index, finding);
        }
      }
    }
    if (outcome.result) outcome.parseError = markLateParseError(raw, outcome.result, outcome.parseError);
    const failedHere: string[] = [];
    for (const r of raw) {
      // A rule that fails on several windows of a file is one internal error, as for a whole file.
      if (r.failedRule !== undefined) {
        if (failed.has(r.failedRule)) continue;
        failedHere.push(r.failedRule);
      }
      const finding = findingOf(r, env);
      if (finding) outcome.findings.push(finding);
    }
    for (const rule of failedHere) failed.add(rule);
    if (pause) await pause();
  }
  if (outcome) {
    // In the order of env.rules, whichever window a rule first collected in.
    outcome.gathered = [...gathered].sort((a, b) => a[0] - b[0]);
    outcome.tentative = [...tentative].sort((a, b) => a[0] - b[0]);
  }
  return outcome;
}

/** The file's line in the files list, and the parse error of a file that could not be read. */
function resultOf(file: ParsedFile, raw: RawFinding[]): FileResult {
  if (!file.problem) return { path: file.path, kind: file.kind, status: 'analyzed' };
  if (file.problem.status === 'error') {
    raw.push(parseErrorOf(file, file.problem.line ?? 1, file.problem.reason, file.problem.tooComplex ? 'error' : undefined));
  }
  return { path: file.path, kind: file.kind, status: file.problem.status, reason: file.problem.reason };
}

export function appliesTo(rule: Rule, file: ParsedFile): boolean {
  return rule.allTextFiles === true || (rule.kinds.includes(file.kind as never) && !file.problem);
}

/**
 * A rule that throws becomes a finding on that file; the run goes on. Input a parser refused as
 * too complex is a parse-error on the file (one per file, see markLateParseError).
 */
export async function guard(rule: Rule, file: ParsedFile, raw: RawFinding[], run: () => void | Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof TooComplexError) {
      raw.push(parseErrorOf(file, error.line, `too complex: ${error.reason}`, 'error'));
      return;
    }
    raw.push({
      rule: 'internal-error', file, line: 1, endLine: 1, span: [1, Math.max(1, file.lines.length)],
      message: internalErrorMessage(rule.id, file.path, error), failedRule: rule.id,
    });
  }
}

export function internalErrorMessage(rule: string, path: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `Rule ${rule} could not run on ${path} (${reason}), so this file was not fully reviewed: it needs a human look.`;
}

/**
 * Rules that parse a file themselves (Terraform, for one) report parse errors late: the file is
 * then an error in the files list, and one parse-error finding per file is kept (`seen`: one was
 * kept from an earlier window of the file).
 */
function markLateParseError(raw: RawFinding[], result: FileResult, seen: boolean): boolean {
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    if (r.rule !== 'parse-error' || r.partial) continue;
    if (seen) {
      raw.splice(i--, 1);
      continue;
    }
    seen = true;
    if (result.status === 'analyzed') Object.assign(result, { status: 'error', reason: r.message });
  }
  return seen;
}

export function severityOf(rule: string, fallback: Severity, config: Config): Severity | undefined {
  const setting = config.rules[rule];
  if (setting === 'off') return undefined;
  return setting ?? fallback;
}

/** A rule's finding resolved at its place, with the severity the config gives it (none: the rule is off). */
export function findingOf(r: RawFinding, env: PassEnv): Finding | undefined {
  const rule = env.rules.find((candidate) => candidate.id === r.rule);
  const severity = severityOf(r.rule, r.severity ?? rule?.severity ?? ENGINE_RULES[r.rule]?.severity ?? 'warning', env.config);
  if (!severity) return undefined;
  return findingAt(placeOf(r.file, r.rule, r), r.rule, rule?.antipattern ?? 0, severity, r.message, { key: r.key, suggestion: r.suggestion });
}

/** A finding at a resolved place (its fingerprint without the run-wide suffix for duplicates). */
export function findingAt(
  place: Place, rule: string, antipattern: number, severity: Severity, message: string, options: { key?: string; suggestion?: string } = {},
): Finding {
  const finding: Finding = {
    rule, antipattern, severity, file: place.path, line: place.line, endLine: place.endLine, span: [place.span[0], place.span[1]],
    message, fingerprint: fingerprint(rule, place.path, options.key ?? place.objectKey, place.anchorText),
    ...place.placement,
  };
  if (options.suggestion !== undefined) finding.suggestion = options.suggestion;
  if (place.suppressed) finding.suppressed = place.suppressed;
  return finding;
}
