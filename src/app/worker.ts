/**
 * Runs the app's jobs, wherever the webhook arrived: an installation client from the job's
 * installation id, the config from the default branch, then the review or the commands. A job
 * that fails its last attempt still completes its check run (neutral, with the reason): a
 * required check must never stay "in progress".
 */
import type { Probot } from 'probot';
import { parseCommands } from '../commands/parse.js';
import type { GitHub } from '../github/client.js';
import { failureReport } from './check-output.js';
import { finishCheckRun, startCheckRun } from './check-run.js';
import { runCommands } from './commands/run-commands.js';
import { reviewSpec, type ReviewTask } from './jobs.js';
import { repoConfigReader } from './repo-config.js';
import { describe, runReview, type Log } from './run-review.js';
import type { TaskQueue, TaskRunner } from './task-queue.js';
import type { Result } from '../model/types.js';

export function taskRunner(probot: Probot, queue: TaskQueue, onReviewed?: (result: Result) => void, clock: () => number = Date.now): TaskRunner {
  const client = async (installationId: number): Promise<GitHub> => (await probot.auth(installationId)) as unknown as GitHub;
  return {
    async run(job) {
      const task = job.data;
      // Every line of this job says which job, repository and pull request (never tokens or file contents).
      const log: Log = probot.log.child({ job: job.id, attempt: job.attempt, repo: `${task.repo.owner}/${task.repo.repo}`, pull: task.kind === 'review' ? task.pull.number : task.number, ...(task.kind === 'review' ? { sha: task.pull.headSha } : { comment: task.comment.id }) });
      const gh = await client(task.installationId);
      const readConfig = repoConfigReader(gh, task.repo);
      if (task.kind === 'review') {
        await runReview(gh, log, { repo: task.repo, repoUrl: task.repoUrl, pull: task.pull, readConfig }, {
          ...(task.checkRun ? { checkRun: task.checkRun } : {}),
          remember: (checkRun) => job.update({ ...task, checkRun }),
          superseded: () => job.superseded(),
          ...(onReviewed ? { onResult: onReviewed } : {}),
        });
        return;
      }
      const commands = parseCommands(task.comment.body);
      if (commands.length === 0) return;
      await runCommands(gh, log, {
        repo: task.repo, repoUrl: task.repoUrl, number: task.number, open: task.open, comment: task.comment,
        ...(task.threadRootId !== undefined ? { threadRootId: task.threadRootId } : {}),
        readConfig,
        review: async (pull, why) => void (await queue.add(reviewSpec({ kind: 'review', installationId: task.installationId, repo: task.repo, repoUrl: task.repoUrl, pull, cause: recheckCause(why, task.comment.id, clock()) }))),
      }, commands);
    },
    async failed(job, error) {
      const task = job.data;
      const log: Log = probot.log.child({ job: job.id });
      log.error(`job ${job.id} failed after ${job.attempt} attempt(s): ${describe(error)}`);
      if (task.kind !== 'review') return;
      await completeFailed(await client(task.installationId), task, describe(error)).catch((again: Error) => log.error(`job ${job.id}: could not complete its check run either: ${describe(again)}`));
    },
  };
}

/** Anyone may ask for a recheck: one per pull request, head and minute (later asks join it). Waivers always apply. */
export const RECHECK_WINDOW_MS = 60_000;

export function recheckCause(why: 'asked' | 'waivers', commentId: number, now = Date.now()): string {
  return why === 'waivers' ? `waivers-${commentId}` : `recheck-${Math.floor(now / RECHECK_WINDOW_MS)}`;
}

async function completeFailed(gh: GitHub, task: ReviewTask, reason: string): Promise<void> {
  const run = task.checkRun ?? (await startCheckRun(gh, task.repo, task.pull.headSha));
  await finishCheckRun(gh, task.repo, run, failureReport(`${reason}.`));
}
