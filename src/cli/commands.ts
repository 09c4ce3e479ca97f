/** The four commands. Each returns its exit code and writes through the given streams. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze } from '../engine/analyze.js';
import { ConfigError, DEFAULT_CONFIG, parseConfig, closest, type Config } from '../config/config.js';
import { KNOWN_RULE_IDS, RULES, ruleById } from '../engine/registry.js';
import type { FileResult, Finding } from '../model/types.js';
import { explainAntipattern, explainEngineFinding, explainRule, markdownToText } from '../report/explain.js';
import { explainTopic } from '../commands/answers.js';
import { resolveTopic } from '../commands/topics.js';
import { formatGithub } from '../report/github.js';
import { formatJson } from '../report/json.js';
import { formatSarif } from '../report/sarif.js';
import { reachesFailOn } from '../report/summary.js';
import { formatText } from '../report/text.js';
import { collectPaths } from './collect-fs.js';
import { collectGitChange } from './collect-git.js';
import { defaultBase, gitTopLevel, resolveRev, UsageError } from './git.js';
import type { Format, Parsed, ReviewOptions } from './options.js';

export interface Io {
  cwd: string;
  stdout: (s: string) => void;
  isTty: boolean;
}

export const CONFIG_PATH = '.github/k8s-antipatterns.yml';

export async function runCheck(parsed: Parsed, io: Io): Promise<number> {
  const inputs = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
  const { files, root } = collectPaths(inputs, io.cwd);
  const config = loadConfig(parsed.review, gitTopLevel(root) ?? root, io.cwd);
  const result = await analyze({ files }, config);
  const shown = result.findings.filter((f) => !f.suppressed);
  return report(shown, result.files, config, parsed.review, io);
}

export async function runDiff(parsed: Parsed, io: Io): Promise<number> {
  const repoDir = resolve(io.cwd, parsed.repo ?? '.');
  if (!existsSync(repoDir) || !statSync(repoDir).isDirectory()) throw new UsageError(`no such folder: ${parsed.repo ?? '.'}`);
  const repo = gitTopLevel(repoDir);
  if (!repo) throw new UsageError(`not a git repository: ${repoDir}`);
  const head = resolveRev(repo, parsed.head ?? 'HEAD');
  const base = parsed.base ? resolveRev(repo, parsed.base) : defaultBase(repo, head);
  const config = loadConfig(parsed.review, repo, io.cwd);
  const change = collectGitChange(repo, base, head);
  const result = await analyze({ files: change.files }, config, { treePaths: change.treePaths });
  const shown = result.findings.filter((f) => f.onDiff && !f.suppressed);
  return report(shown, result.files, config, parsed.review, io);
}

function report(findings: Finding[], files: FileResult[], config: Config, options: ReviewOptions, io: Io): number {
  const failOn = options.failOn ?? config.fail_on;
  const failing = findings.filter((f) => reachesFailOn(f, failOn));
  io.stdout(render(options.format, options.quiet ? failing : findings, files, options.quiet, io.isTty));
  return failing.length > 0 ? 1 : 0;
}

function render(format: Format, findings: Finding[], files: FileResult[], quiet: boolean, tty: boolean): string {
  switch (format) {
    case 'json': return formatJson(findings, files);
    case 'sarif': return formatSarif(findings);
    case 'github': return formatGithub(findings);
    case 'text': return formatText(findings, files, { colour: tty && !process.env.NO_COLOR, quiet });
  }
}

function loadConfig(options: ReviewOptions, repoRoot: string, cwd: string): Config {
  const path = options.config ? resolve(cwd, options.config) : join(repoRoot, CONFIG_PATH);
  if (!options.config && !existsSync(path)) return { ...DEFAULT_CONFIG };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read config file ${options.config ?? path}`);
  }
  try {
    return parseConfig(text, KNOWN_RULE_IDS);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`invalid config ${options.config ?? CONFIG_PATH}: ${error.message}`);
    throw error;
  }
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

