/** The four commands. Each returns its exit code and writes through the given streams. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import { join, resolve } from 'node:path';
import { analyze, analyzeInParts, type FindingsPart } from '../engine/analyze.js';
import { ConfigError, DEFAULT_CONFIG, formatIssue, parseConfig, closest, type Config } from '../config/config.js';
import { KNOWN_RULE_IDS, RULES, ruleById } from '../engine/registry.js';
import type { FileResult, Finding } from '../model/types.js';
import { explainAntipattern, explainEngineFinding, explainRule, markdownToText } from '../report/explain.js';
import { explainTopic } from '../commands/answers.js';
import { resolveTopic } from '../commands/topics.js';
import { formatGithub } from '../report/github.js';
import { formatJson, jsonChunks } from '../report/json.js';
import { formatSarif } from '../report/sarif.js';
import { plural, reachesFailOn } from '../report/summary.js';
import { formatText, layoutOf, textChunks } from '../report/text.js';
import { collectPaths, rootOf } from './collect-fs.js';
import { collectGitChange } from './collect-git.js';
import { defaultBase, gitBlob, gitTopLevel, isShallow, mergeBase, resolveRev, UsageError } from './git.js';
import type { Format, Parsed, ReviewOptions } from './options.js';

export interface Io {
  cwd: string;
  stdout: (s: string) => void;
  /** Resolves when what stdout was given has gone out: a long report waits for a slow reader instead of queueing. */
  drain?: () => Promise<void>;
  isTty: boolean;
  /** Progress for a person watching: given only when stderr is a terminal. */
  progress?: (s: string) => void;
}

export const CONFIG_PATH = '.github/k8s-antipatterns.yml';

/** Which config a review used, to be said in its output. */
export type ConfigSource =
  | { kind: 'file'; path: string }
  | { kind: 'none'; reason: 'absent' | 'no-config' }
  | { kind: 'revision'; path: string; rev: string; where: 'merge-base' | 'base'; found: boolean; editedInChange: boolean };

/** One review's outcome, before it is rendered in a format. */
export interface Review {
  /** Findings to show: unsuppressed, and on the diff in diff mode. */
  findings: Finding[];
  files: FileResult[];
  config: Config;
  configSource: ConfigSource;
  /** Absolute folder the paths are relative to (the repository root inside git). */
  root: string;
}

export interface ChangeReview extends Review {
  repo: string;
  /** Where the change starts: the merge-base of --base and --head (or --base itself with --two-dot). */
  base: string;
  head: string;
}

export interface ChangeOptions {
  repo?: string;
  base?: string;
  head?: string;
  twoDot?: boolean;
  config?: string;
  noConfig?: boolean;
  /** Path in the repository of the config read at the base (default .github/k8s-antipatterns.yml). */
  configPath?: string;
  threads?: number | 'auto';
}

export async function runCheck(parsed: Parsed, io: Io): Promise<number> {
  const { format } = parsed.review;
  if (format === 'json' || format === 'text') return await reportByFile(await reviewPathsInParts(parsed.positionals, parsed.review, io), parsed.review, io);
  return report(await reviewPaths(parsed.positionals, parsed.review, io), parsed.review, io, false);
}

/**
 * The JSON or text report of `check`, written file by file as the engine hands each file's
 * findings over: a repository with 100,000 findings never has them all in memory at once. Same
 * bytes as report(). Text aligns its columns over every finding, so it reads the parts twice.
 */
async function reportByFile(review: Omit<Review, 'findings'> & { parts: FindingsPart[] }, options: ReviewOptions, io: Io): Promise<number> {
  const failOn = options.failOn ?? review.config.fail_on;
  let failing = 0;
  const shownOf = (part: FindingsPart, count: boolean): Finding[] => part().filter((finding) => {
    if (finding.suppressed) return false;
    const fails = reachesFailOn(finding, failOn);
    if (fails && count) failing++;
    return fails || !options.quiet;
  });
  function* groups(): Generator<Finding[]> {
    for (const part of review.parts) yield shownOf(part, true);
  }
  function* findings(): Generator<Finding> {
    for (const group of groups()) yield* group;
  }
  let chunks: Iterable<string>;
  if (options.format === 'json') {
    chunks = jsonChunks(findings(), review.files);
  } else {
    const layout = { lineWidth: 0, ruleWidth: 0 };
    for (const part of review.parts) layoutOf(shownOf(part, false), layout);
    const notes = review.configSource.kind === 'file' ? [describeConfig(review.configSource)] : [];
    chunks = textChunks(groups(), review.files, { colour: io.isTty && !process.env.NO_COLOR, quiet: options.quiet, notes }, layout);
  }
  for (const chunk of chunks) {
    io.stdout(chunk);
    if (io.drain) await io.drain();
  }
  return failing > 0 ? 1 : 0;
}

export async function runDiff(parsed: Parsed, io: Io): Promise<number> {
  const review = await reviewChange({ ...parsed, config: parsed.review.config, noConfig: parsed.review.noConfig, threads: parsed.review.threads }, io);
  return report(review, parsed.review, io, true);
}

export async function reviewPaths(paths: readonly string[], options: { config?: string; noConfig?: boolean; threads?: number | 'auto' }, io: Io): Promise<Review> {
  const { parts, ...review } = await reviewPathsInParts(paths, options, io);
  const findings: Finding[] = [];
  for (const part of parts) for (const finding of part()) if (!finding.suppressed) findings.push(finding);
  return { ...review, findings };
}

async function reviewPathsInParts(
  paths: readonly string[], options: { config?: string; noConfig?: boolean; threads?: number | 'auto' }, io: Io,
): Promise<Omit<Review, 'findings'> & { parts: FindingsPart[] }> {
  const progress = progressLine(io);
  const inputs = paths.length > 0 ? paths : ['.'];
  const { root } = rootOf(inputs, io.cwd);
  const { config, source } = loadWorkTreeConfig(options, root, io.cwd);
  const { files } = collectPaths(inputs, io.cwd, (n) => progress(`reading files… ${n}`), ignoredBy(config));
  progress(`reviewing ${plural(files.length, 'file')}…`);
  const result = await analyzeInParts({ files }, config, { threads: options.threads ?? 'auto' });
  progress('');
  return { parts: result.parts, files: result.files, config, configSource: source, root };
}

export async function reviewChange(options: ChangeOptions, io: Io): Promise<ChangeReview> {
  const repoDir = resolve(io.cwd, options.repo ?? '.');
  if (!existsSync(repoDir) || !statSync(repoDir).isDirectory()) throw new UsageError(`no such folder: ${options.repo ?? '.'}`);
  const repo = gitTopLevel(repoDir);
  if (!repo) throw new UsageError(`not a git repository: ${repoDir}`);
  const head = resolveRevision(repo, options.head ?? 'HEAD');
  const branch = options.base ? resolveRevision(repo, options.base) : undefined;
  let base: string;
  if (!branch) base = defaultBase(repo, head);
  else if (options.twoDot) base = branch;
  else {
    const found = mergeBase(repo, branch, head);
    if (!found) {
      const shallow = isShallow(repo) ? ' in this shallow clone: fetch their history (git fetch --unshallow; in a workflow, actions/checkout with fetch-depth: 0)' : '';
      throw new UsageError(`"${options.base}" and "${options.head ?? 'HEAD'}" share no history${shallow}; pass --two-dot to compare the two trees directly`);
    }
    base = found;
  }
  const progress = progressLine(io);
  const configPath = (options.configPath ?? CONFIG_PATH).replace(/^\.\//, '');
  const { config, source } = options.config || options.noConfig
    ? loadWorkTreeConfig(options, repo, io.cwd)
    : loadRevisionConfig(repo, base, options.twoDot ? 'base' : 'merge-base', configPath);
  progress('reading the change…');
  const change = collectGitChange(repo, base, head, ignoredBy(config));
  if (source.kind === 'revision') source.editedInChange = change.files.some((f) => f.path === configPath && f.status !== 'unchanged');
  progress(`reviewing ${plural(change.files.filter((f) => f.status !== 'unchanged').length, 'changed file')}…`);
  const result = await analyze({ files: change.files }, config, { treePaths: change.treePaths, threads: options.threads ?? 'auto' });
  progress('');
  const findings = result.findings.filter((f) => f.onDiff && !f.suppressed);
  return { findings, files: result.files, config, configSource: source, root: repo, repo, base, head };
}

function resolveRevision(repo: string, rev: string): string {
  try {
    return resolveRev(repo, rev);
  } catch (error) {
    if (error instanceof UsageError && isShallow(repo)) {
      throw new UsageError(`${error.message}; this clone is shallow, so the revision may lie beyond its history: fetch it (git fetch --no-tags origin ${rev}) or the whole history (git fetch --unshallow)`);
    }
    throw error;
  }
}

/** What the review used, in one line: `Config: ... .` */
export function describeConfig(source: ConfigSource): string {
  switch (source.kind) {
    case 'file': return `Config: ${source.path}.`;
    case 'none': return source.reason === 'no-config' ? 'Config: default settings (--no-config).' : `Config: default settings (no ${CONFIG_PATH}).`;
    case 'revision': {
      const at = `at the ${source.where} ${source.rev.slice(0, 12)}`;
      const edit = source.editedInChange ? `; this change ${source.found ? 'edits' : 'adds'} it, and the edit applies once it is merged` : '';
      return source.found ? `Config: ${source.path} ${at}${edit}.` : `Config: default settings (no ${source.path} ${at})${edit}.`;
    }
  }
}

function report(review: Review, options: ReviewOptions, io: Io, sayConfig: boolean): number {
  const failOn = options.failOn ?? review.config.fail_on;
  const failing = review.findings.filter((f) => reachesFailOn(f, failOn));
  const shown = options.quiet ? failing : review.findings;
  const notes = sayConfig || review.configSource.kind === 'file' ? [describeConfig(review.configSource)] : [];
  // JSON goes out in pieces: a large repository's report is never one string in memory.
  if (options.format === 'json') for (const chunk of jsonChunks(shown, review.files)) io.stdout(chunk);
  else io.stdout(render(options.format, shown, review.files, { quiet: options.quiet, tty: io.isTty, root: review.root, notes }));
  return failing.length > 0 ? 1 : 0;
}

export interface RenderOptions {
  quiet: boolean;
  tty: boolean;
  root: string;
  notes?: readonly string[];
}

export function render(format: Format, findings: readonly Finding[], files: readonly FileResult[], options: RenderOptions): string {
  switch (format) {
    case 'json': return formatJson(findings, files);
    case 'sarif': return formatSarif(findings, { root: options.root });
    case 'github': return formatGithub(findings);
    case 'text': return formatText(findings, files, { colour: options.tty && !process.env.NO_COLOR, quiet: options.quiet, notes: options.notes });
  }
}

function parseConfigText(text: string, name: string): Config {
  try {
    return parseConfig(text, KNOWN_RULE_IDS);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(configErrorText(error, name));
    throw error;
  }
}

/** Every problem of a config file on its own line, `file:line: key: what is wrong`. */
export function configErrorText(error: ConfigError, name: string): string {
  const lines = error.issues.map((i) => `${name}${i.line ? `:${i.line}` : ''}: ${formatIssue({ ...i, line: undefined })}`);
  return lines.length === 1 ? `invalid config ${lines[0]}` : `invalid config (${lines.length} problems):\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

/** The config of the files on disk: --config, else the repository's (or current folder's) file. */
function loadWorkTreeConfig(options: { config?: string; noConfig?: boolean }, root: string, cwd: string): { config: Config; source: ConfigSource } {
  if (options.noConfig) return { config: { ...DEFAULT_CONFIG }, source: { kind: 'none', reason: 'no-config' } };
  const path = options.config ? resolve(cwd, options.config) : join(root, CONFIG_PATH);
  if (!options.config && !existsSync(path)) return { config: { ...DEFAULT_CONFIG }, source: { kind: 'none', reason: 'absent' } };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read config file ${options.config ?? path}`);
  }
  const name = options.config ?? CONFIG_PATH;
  return { config: parseConfigText(text, name), source: { kind: 'file', path: name } };
}

/**
 * The config as it is at the change's base: a change must not relax its own review (the App
 * reads it from the default branch for the same reason). An edit applies once it is merged.
 */
function loadRevisionConfig(repo: string, rev: string, where: 'merge-base' | 'base', path: string): { config: Config; source: ConfigSource } {
  const bytes = gitBlob(repo, rev, path);
  const source: ConfigSource = { kind: 'revision', path, rev, where, found: bytes !== undefined, editedInChange: false };
  if (!bytes) return { config: { ...DEFAULT_CONFIG }, source };
  return { config: parseConfigText(bytes.toString('utf8'), `${path} (at ${rev.slice(0, 12)})`), source };
}

/** The config's ignore_paths as the engine matches them (picomatch, dotfiles included). */
function ignoredBy(config: Config): (path: string) => boolean {
  return config.ignore_paths.length > 0 ? picomatch(config.ignore_paths, { dot: true }) : () => false;
}

/** One line on stderr that rewrites itself; nothing at all when stderr is not a terminal. */
function progressLine(io: Io): (s: string) => void {
  if (!io.progress) return () => undefined;
  let shown = false;
  return (s) => {
    if (!s && !shown) return;
    io.progress!(`\r\u001b[K${s ? `k8s-antipatterns: ${s}` : ''}`);
    shown = s !== '';
  };
}

export function runRules(parsed: Parsed, io: Io): number {
  if (parsed.review.format === 'json') {
    io.stdout(JSON.stringify(RULES.map((r) => ({ id: r.id, antipattern: r.antipattern, severity: r.severity, kinds: r.kinds, title: r.docs.title })), null, 2) + '\n');
    return 0;
  }
  if (parsed.review.format !== 'text') throw new UsageError('rules supports --format text or json');
  const width = Math.max(...RULES.map((r) => r.id.length));
  const lines = RULES.map((r) => `${String(r.antipattern).padStart(2)}  ${r.severity.padEnd(7)}  ${r.id.padEnd(width)}  ${r.docs.title}  [${r.kinds.join(', ')}]`);
  io.stdout(`AP  SEVERITY ${'RULE'.padEnd(width + 1)} TITLE  [KINDS]\n${lines.join('\n')}\n${RULES.length} rules.\n`);
  return 0;
}

export function runExplain(parsed: Parsed, io: Io): number {
  const arg = parsed.positionals[0];
  if (!arg) throw new UsageError('explain needs a rule id or an anti-pattern number (see "k8s-antipatterns rules")');
  // The same topics as `/antipattern explain`: a rule, an engine finding, an anti-pattern number, or words.
  const topic = /^\d+$/.test(arg) ? undefined : resolveTopic(arg);
  const markdown = /^\d+$/.test(arg) ? explainAntipattern(Number(arg))
    : ruleById(arg) ? explainRule(ruleById(arg)!)
      : explainEngineFinding(arg) ?? (topic && topic.kind !== 'unknown' ? explainTopic(arg) : undefined);
  if (!markdown) {
    const hint = /^\d+$/.test(arg) ? ' (anti-patterns are numbered 1 to 15)' : closest(arg, KNOWN_RULE_IDS) ? ` (did you mean "${closest(arg, KNOWN_RULE_IDS)}"?)` : '';
    throw new UsageError(`unknown rule or anti-pattern "${arg}"${hint}`);
  }
  io.stdout((parsed.review.format === 'json' ? markdown : markdownToText(markdown)) + '\n');
  return 0;
}

