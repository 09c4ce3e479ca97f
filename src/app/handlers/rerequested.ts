/**
 * "Re-run" on our check run, or on the whole check suite: review the pull request of that head
 * SHA again (a new check run; GitHub sends re-runs to the app that created the run). Check
 * events from forks list no pull requests, so the pull request is then looked up by head SHA.
 */
import type { Context } from 'probot';
import { findPullsBySha, getPull, type PullRequestInfo } from '../../github/find-pull.js';
import { CHECK_NAME } from '../check-run.js';
import { reviewSpec } from '../jobs.js';
import { outcomeOf, type Outcome, type TaskQueue } from '../task-queue.js';

interface ListedPull {
  number: number;
  base: { repo: { id: number } };
}

export async function onCheckRunRerequested(context: Context<'check_run.rerequested'>, queue: TaskQueue): Promise<Outcome> {
  const run = context.payload.check_run;
  if (run.name !== CHECK_NAME) return 'ignored';
  return rerun(context, queue, run.head_sha, run.pull_requests);
}

export async function onCheckSuiteRerequested(context: Context<'check_suite.rerequested'>, queue: TaskQueue): Promise<Outcome> {
  const suite = context.payload.check_suite;
  return rerun(context, queue, suite.head_sha, suite.pull_requests);
}

async function rerun(context: Context<'check_run.rerequested' | 'check_suite.rerequested'>, queue: TaskQueue, sha: string, listed: readonly ListedPull[]): Promise<Outcome> {
  const installation = context.payload.installation;
  if (!installation) throw new Error('the event names no installation');
  const repo = context.repo();
  const own = listed.filter((p) => p.base.repo.id === context.payload.repository.id);
  const pulls: PullRequestInfo[] = own.length > 0
    ? await Promise.all(own.map((p) => getPull(context.octokit, repo, p.number)))
    : await findPullsBySha(context.octokit, repo, sha);
  const current = pulls.filter((p) => p.state === 'open' && p.headSha === sha);
  if (current.length === 0) context.log.info(`no open pull request has ${sha} as its head: nothing to re-run`);
  // A re-run is asked for on purpose: a job of its own (by delivery), not joined to the first review.
  const results: Array<{ added: boolean }> = [];
  for (const pull of current) {
    results.push(await queue.add(reviewSpec({ kind: 'review', installationId: installation.id, repo, repoUrl: context.payload.repository.html_url, pull, cause: `rerun-${context.id}` })));
  }
  return outcomeOf(results);
}
