/**
 * The GitHub Action: reviews the pull request's (or push's) change in the checked-out repository
 * with the same engine as the CLI's `diff`, from the merge-base of the base and the head, with
 * the config as it is at that merge-base. Findings go to a check run (every annotation) when the
 * token may write checks, else to workflow commands (GitHub shows 10 of each kind per step); the
 * job summary lists them all; a SARIF file on request. Inputs arrive as INPUT_* variables.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { configErrorText, describeConfig, render, reviewChange, type ChangeReview } from '../cli/commands.js';
import { UsageError } from '../cli/git.js';
import { ConfigError, type FailOn } from '../config/config.js';
import { formatGithub } from '../report/github.js';
import { countBySeverity, reachesFailOn } from '../report/summary.js';
import { revisionsFromEvent } from './event.js';
import { ActionError, prepareRevisions } from './revisions.js';
import { CHECK_NAME, publishCheckRun } from './check-run.js';
import { headline, jobSummary } from './summary.js';

export interface ActionEnv {
  [name: string]: string | undefined;
}

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'hint', 'never'];
const REPORTERS = ['check-run', 'workflow-commands'] as const;

/** Returns the exit code; log lines and workflow commands go through `write`. */
export async function runAction(env: ActionEnv, write: (s: string) => void): Promise<number> {
  const input = (name: string) => env[`INPUT_${name.toUpperCase()}`]?.trim() || undefined;
  const fail = (message: string): number => {
    write(`::error title=k8s-antipatterns::${escapeData(message)}\n`);
    return 2;
  };
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const folder = resolve(workspace, input('working-directory') ?? '.');
  const failOn = input('fail-on');
  if (failOn && !FAIL_ON.includes(failOn as FailOn)) return fail(`input fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}")`);
  const reporter = input('reporter') ?? 'check-run';
  if (!(REPORTERS as readonly string[]).includes(reporter)) return fail(`input reporter must be one of ${REPORTERS.join(', ')} (got "${reporter}")`);

  let review: ChangeReview;
  const notes: string[] = [];
  try {
    const revisions = revisionsFromEvent(env.GITHUB_EVENT_PATH, env.GITHUB_SHA ?? 'HEAD');
    const prepared = prepareRevisions(folder, revisions, (line) => write(`${line}\n`));
    notes.push(...prepared.notes);
    review = await reviewChange({ repo: folder, head: prepared.head, base: prepared.base, configPath: input('config') }, { cwd: folder, stdout: () => undefined, isTty: false });
    notes.unshift(`Reviewed the change from \`${review.base.slice(0, 12)}\` (where it leaves its base branch) to \`${review.head.slice(0, 12)}\`.`, describeConfig(review.configSource));
  } catch (error) {
    if (error instanceof UsageError || error instanceof ActionError) return fail(error.message);
    if (error instanceof ConfigError) return fail(configErrorText(error, input('config') ?? '.github/k8s-antipatterns.yml'));
    return fail(`internal error: ${(error as Error).message}`);
  }

  const threshold = (failOn as FailOn | undefined) ?? review.config.fail_on;
  const failing = review.findings.filter((f) => reachesFailOn(f, threshold));
  const code = failing.length > 0 ? 1 : 0;

  let published = false;
  if (reporter === 'check-run') {
    const token = input('github-token');
    const repository = env.GITHUB_REPOSITORY;
    if (!token || !repository) {
      notes.push('No check run: the step has no `github-token` (or no GITHUB_REPOSITORY); findings are workflow-command annotations, of which GitHub shows 10 of each kind per step.');
    } else {
      const result = await publishCheckRun({ url: env.GITHUB_API_URL ?? 'https://api.github.com', token, repository }, {
        headSha: review.head, conclusion: code === 1 ? 'failure' : 'success', title: headline(review.findings),
        summary: jobSummary({ findings: review.findings, files: review.files, failed: code === 1, notes, table: false }),
        findings: review.findings,
      });
      if (result.ok) {
        published = true;
        notes.push(`Every finding is an annotation of the check run **${CHECK_NAME}**${result.url ? ` ([open it](${result.url}))` : ''}.`);
      } else {
        notes.push(result.readOnly
          ? 'No check run: this job\'s token may not write checks (a pull request from a fork, or `permissions` without `checks: write`). Findings are workflow-command annotations, of which GitHub shows 10 of each kind per step; this summary lists them all.'
          : `No check run (${result.reason}); findings are workflow-command annotations, of which GitHub shows 10 of each kind per step; this summary lists them all.`);
        write(`k8s-antipatterns: could not publish the check run: ${result.reason}\n`);
      }
    }
  } else {
    notes.push('Findings are workflow-command annotations (`reporter: workflow-commands`), of which GitHub shows 10 of each kind per step; this summary lists them all.');
  }
  if (published) {
    for (const f of review.findings) write(`${f.file}:${f.line}: ${f.severity}: ${f.rule}: ${f.message}\n`);
  } else {
    write(formatGithub(review.findings));
  }

  const outputs: Record<string, string> = {};
  const counts = countBySeverity(review.findings);
  Object.assign(outputs, { errors: String(counts.error), warnings: String(counts.warning), hints: String(counts.hint) });
  const sarifPath = input('sarif');
  if (sarifPath) {
    const absolute = resolve(folder, sarifPath);
    writeFileSync(absolute, render('sarif', review.findings, review.files, { quiet: false, tty: false, root: review.root }));
    outputs.sarif = absolute;
  }
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, jobSummary({ findings: review.findings, files: review.files, failed: code === 1, notes, table: true }));
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => outputLine(k, v)).join(''));
  write(`k8s-antipatterns: ${headline(review.findings)}${code === 1 ? ` Failing: ${failing.length} reach fail-on ${threshold}.` : ''}\n`);
  return code;
}

/** `name<<delimiter` form: safe whatever the value holds. */
function outputLine(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
