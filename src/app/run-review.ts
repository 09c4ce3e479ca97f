/**
 * One review of one head SHA: check run in progress → config → change → engine → current state
 * of the pull request → review and resolved threads → check run completed. Whatever fails, the
 * check run completes and its summary says what failed, in a line that says what to do:
 * - GitHub failing before the analysis: neutral, "the review could not finish" and why.
 * - GitHub failing after it (the review not posted, a file not read): the findings are kept, and
 *   the conclusion follows check-output.ts's table (neutral unless a finding fails the check).
 * - GitHub refusing the check run's own update: a shorter report; if even that is refused the
 *   job fails, so that the queue tries again later (and completes the run when it gives up).
 */
import picomatch from 'picomatch';
import type { Config } from '../config/config.js';
import { ConfigError } from '../config/config.js';
import { AnalysisStopped, analyzeOffLoop } from './analysis-thread.js';
import { RULES } from '../engine/registry.js';
import type { Result } from '../model/types.js';
import { describeError, statusOf, type GitHub, type RepoRef } from '../github/client.js';
import { RateLimitedError } from '../github/retry.js';
import { codeSpan } from '../report/inert.js';
import { collectChange, type CollectedChange, type FailedRead } from '../github/collect-change.js';
import type { PullRequestInfo } from '../github/find-pull.js';
import { fetchReviewState, resolveThreads, type ReviewState } from '../github/review-state.js';
import { plural } from '../report/summary.js';
import { configErrorReport, failureReport, reportOf, shortReport, stoppedReport, type CheckReport } from './check-output.js';
import { finishCheckRun, startCheckRun, type CheckRun } from './check-run.js';
import { configEditNote, loadConfig } from './load-config.js';
import { withLock } from './lock.js';
import { fingerprintsIn, type MarkerScope } from './markers.js';
import { planReview } from './review-plan.js';
import { postReview } from './review.js';
import type { Links } from './links.js';
import { applyWaivers } from '../commands/waivers.js';
import { pullWaivers, waiverLines } from './commands/pull-waivers.js';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ReviewJob {
  repo: RepoRef;
  /** `repository.html_url`, for links. */
  repoUrl: string;
  pull: PullRequestInfo;
  readConfig: () => Promise<unknown>;
}

export interface ReviewHooks {
  /** The check run an earlier attempt of this job created: completed instead of a new one. */
  checkRun?: CheckRun;
  /** Stores a new check run with the job, before any other work. */
  remember?(run: CheckRun): Promise<void>;
  /** True once a newer review of this pull request was queued: this one then posts nothing. */
  superseded?(): Promise<boolean>;
  /** Told the engine's result (metrics). */
  onResult?(result: Result): void;
}

export async function runReview(gh: GitHub, log: Log, job: ReviewJob, hooks: ReviewHooks = {}): Promise<void> {
  const { repo, pull } = job;
  // The check run appears at once; the rest waits for any other review of this pull request.
  let run: CheckRun;
  if (hooks.checkRun) {
    run = hooks.checkRun;
  } else {
    // Failing here fails the job: the queue retries, and completes a run when it gives up.
    run = await startCheckRun(gh, repo, pull.headSha);
    await hooks.remember?.(run);
  }
  await withLock(`${repo.owner}/${repo.repo}#${pull.number}`, async () => {
    let report: CheckReport;
    try {
      report = await review(gh, log, job, { repoUrl: job.repoUrl, sha: pull.headSha, checkUrl: run.url }, hooks);
    } catch (error) {
      log.error(`review of #${pull.number} at ${pull.headSha} failed: ${describe(error)}`);
      report = failureReport(`${describe(error)}.`, rerun(error));
    }
    try {
      await finishCheckRun(gh, repo, run, report);
    } catch (error) {
      log.error(`could not complete check run ${run.id}: ${describe(error)}`);
      // A shorter report, with no annotations; if GitHub refuses that too, the job fails: the
      // queue tries again later, and completes the run when it gives up (worker.ts).
      await finishCheckRun(gh, repo, run, shortReport(report, describe(error)));
    }
  });
}

async function review(gh: GitHub, log: Log, job: ReviewJob, links: Links, hooks: ReviewHooks): Promise<CheckReport> {
  let config: Config;
  try {
    config = await loadConfig(job.readConfig);
  } catch (error) {
    if (error instanceof ConfigError) return configErrorReport(error.message);
    throw error;
  }
  const everyTextFile = RULES.some((r) => r.allTextFiles && config.rules[r.id] !== 'off');
  const ignored = config.ignore_paths.length > 0 ? picomatch(config.ignore_paths, { dot: true }) : () => false;
  const collected = await collectChange(gh, job.repo, job.pull, { everyTextFile, ignored });
  let result: Result;
  try {
    result = await analyzeOffLoop(collected.change, config, collected.treePaths);
  } catch (error) {
    if (error instanceof AnalysisStopped) return stoppedReport(error.message);
    throw error;
  }
  hooks.onResult?.(result);
  const notes: string[] = [];
  const problems = unreadLines(collected.unreadable);
  const configNote = configEditNote(collected.change.files);
  if (configNote) notes.push(configNote);
  for (const f of collected.noBase) notes.push(`GitHub did not give the base version of ${codeSpan(f.path)} (${describe(f.error)}): every line of it was reviewed as changed.`);
  const published = await publish(gh, log, job, config, collected, result, links, hooks);
  notes.push(...published.notes);
  problems.push(...published.problems);
  return reportOf({
    result, config, links, notes, problems, waivers: published.waivers,
    files: { total: collected.listing.total, listed: collected.listing.files.length, notRead: collected.notRead, ignored: collected.ignored },
  });
}

/** What to do about a failure: when a rate limit is over, or now. */
export function rerun(error: unknown, what = 'try again'): string {
  if (error instanceof RateLimitedError) return `Use **Re-run** on this check after ${error.until} UTC to ${what}`;
  return `Use **Re-run** on this check to ${what}`;
}

/** Changed files GitHub did not give: one line (the first three named, the reason of the first). */
function unreadLines(unreadable: readonly FailedRead[]): string[] {
  if (unreadable.length === 0) return [];
  const names = unreadable.slice(0, 3).map((f) => codeSpan(f.path)).join(', ') + (unreadable.length > 3 ? ` and ${unreadable.length - 3} more` : '');
  const first = unreadable[0]!.error;
  return [`**${plural(unreadable.length, 'changed file')} not reviewed:** GitHub did not give ${names} (${describe(first)}). ${rerun(first, 'review ' + (unreadable.length === 1 ? 'it' : 'them'))}.`];
}

interface Published {
  /** Sentences about what was posted (or why nothing was). */
  notes: string[];
  /** What GitHub kept failing at: the check is then neutral unless a finding fails it. */
  problems: string[];
  waivers: string[];
}

/**
 * Applies the pull request's waivers (`/antipattern ignore`, read from GitHub), then posts the
 * review and resolves gone threads if the pull request still wants them. Never throws for GitHub:
 * the findings are known by now, and the check run gets them whatever GitHub does here.
 */
async function publish(gh: GitHub, log: Log, job: ReviewJob, config: Config, collected: CollectedChange, result: Result, links: Links, hooks: ReviewHooks): Promise<Published> {
  let state: ReviewState;
  let waivers: Awaited<ReturnType<typeof pullWaivers>>;
  try {
    state = await fetchReviewState(gh, job.repo, job.pull.number);
    waivers = await pullWaivers(gh, job.repo, job.pull.number, state);
  } catch (error) {
    if (!isGitHubError(error)) throw error;
    log.warn(`could not read the state of #${job.pull.number}: ${describe(error)}`);
    return {
      notes: [], waivers: [],
      problems: [`**The review could not be posted:** GitHub did not say what this app posted before or which findings are waived (${describe(error)}), so no comment was posted and no waiver applied. ${rerun(error, 'post the review')}.`],
    };
  }
  const scope: MarkerScope = { ...job.repo, number: job.pull.number };
  applyWaivers(result.findings, waivers);
  const done = (note: string, problems: string[] = []): Published => ({ notes: note ? [note] : [], problems, waivers: waiverLines(waivers, result.findings, links) });
  if (state.headSha !== job.pull.headSha) return done(`A newer commit (\`${state.headSha.slice(0, 7)}\`) is now the head of this pull request: these results are not posted as a review.`);
  if (state.state !== 'OPEN') return done('The pull request is no longer open: no review was posted.');
  if (await hooks.superseded?.()) return done('A newer review of this pull request was queued: it posts the comments, not this one.');
  if (state.isDraft && !config.review_drafts) return done('This pull request is a draft: inline comments wait until it is marked ready for review (or set `review_drafts: true`).');
  const sentences: string[] = [];
  const problems: string[] = [];
  if (state.reviews.some((r) => r.mine && r.commit === job.pull.headSha)) {
    sentences.push('This commit was reviewed before: no second review.');
  } else {
    const plan = planReview({
      findings: result.findings, posted: postedFingerprints(state, scope), commentable: collected.commentable, config, scope,
      files: new Map(collected.change.files.map((f) => [f.path, f])),
    });
    try {
      const posted = await postReview(gh, job.repo, job.pull, plan, links);
      sentences.push(posted ? `Review posted with ${plural(posted.comments, 'inline comment')}${posted.inBody > 0 ? ` and ${plural(posted.inBody, 'finding')} in its body` : ''}.` : 'No new finding to comment on.');
    } catch (error) {
      if (!isGitHubError(error)) throw error;
      log.warn(`could not post the review on #${job.pull.number}: ${describe(error)}`);
      problems.push(`**The review could not be posted:** ${describe(error)}. The findings are all in this check run. ${rerun(error, 'post the inline comments')}.`);
    }
  }
  const gone = goneThreads(state, result, collected, scope);
  if (gone.length > 0) {
    try {
      await resolveThreads(gh, gone);
      sentences.push(`${plural(gone.length, 'earlier comment')} resolved: the finding is gone.`);
    } catch (error) {
      if (!isGitHubError(error)) throw error;
      log.warn(`could not resolve threads on #${job.pull.number}: ${describe(error)}`);
      sentences.push(`${plural(gone.length, 'earlier comment')} could not be resolved (${describe(error)}): ${gone.length === 1 ? 'its finding is' : 'their findings are'} gone. The next push or a **Re-run** resolves ${gone.length === 1 ? 'it' : 'them'}, or resolve ${gone.length === 1 ? 'it' : 'them'} by hand.`);
    }
  }
  return done(sentences.join(' '), problems);
}

/** A failure GitHub is responsible for (it has an HTTP status, or GraphQL said no); anything else is a bug. */
function isGitHubError(error: unknown): boolean {
  return statusOf(error) !== undefined || (error as { name?: string } | null)?.name === 'GraphqlResponseError';
}

/** Fingerprints this app already posted, in its review comments and its review bodies. */
export function postedFingerprints(state: ReviewState, scope: MarkerScope): Set<string> {
  const out = new Set<string>();
  for (const t of state.threads) for (const c of t.comments) if (c.mine) for (const fp of fingerprintsIn(c.body, scope)) out.add(fp);
  for (const r of state.reviews) if (r.mine) for (const fp of fingerprintsIn(r.body, scope)) out.add(fp);
  return out;
}

/**
 * Open threads this app started whose findings are all gone, on files this run read (or that
 * left the pull request), where no person has replied: a reply means a conversation to keep.
 */
export function goneThreads(state: ReviewState, result: Result, collected: CollectedChange, scope: MarkerScope): string[] {
  const current = new Set(result.findings.filter((f) => !f.suppressed).map((f) => f.fingerprint));
  const analyzed = new Set(result.files.filter((f) => f.status === 'analyzed').map((f) => f.path));
  const known = (path: string): boolean => analyzed.has(path) || (!collected.listing.capped && !collected.headPaths.has(path));
  return state.threads
    .filter((t) => !t.isResolved && t.comments.length > 0 && t.comments.every((c) => c.mine) && known(t.path))
    .filter((t) => {
      const prints = fingerprintsIn(t.comments[0]!.body, scope);
      return prints.length > 0 && prints.every((fp) => !current.has(fp));
    })
    .map((t) => t.id);
}

/** One line about what failed, for logs and check runs (src/github/client.ts describeError). */
export function describe(error: unknown): string {
  return describeError(error);
}
