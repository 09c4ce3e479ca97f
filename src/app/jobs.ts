/**
 * The work of the app as queue jobs: plain JSON (a replica that did not receive the webhook may
 * run it, after a restart too), named so that the queue deduplicates them by id, never by timing.
 * - A review: one per pull request and head SHA; a redelivery or a second replica joins it. A
 *   re-run or a recheck is a new review of the same head (its own id), asked for on purpose.
 * - The commands of one comment: one per comment id, so a redelivered command is answered once.
 * Reviews of one pull request share a group (one runs at a time, the newest supersedes queued
 * ones); commands have a group of their own, since a recheck they ask for is a review job.
 */
import type { RepoRef } from '../github/client.js';
import type { PullRequestInfo } from '../github/find-pull.js';
import type { CheckRun } from './check-run.js';

export interface ReviewTask {
  kind: 'review';
  installationId: number;
  repo: RepoRef;
  repoUrl: string;
  pull: PullRequestInfo;
  /** Why: `event` for pull request events, otherwise a re-run or a recheck (with what asked for it). */
  cause: string;
  /** Created on the first attempt, kept in the job so a retry or a takeover completes the same run. */
  checkRun?: CheckRun;
}

export interface CommandsTask {
  kind: 'commands';
  installationId: number;
  repo: RepoRef;
  repoUrl: string;
  number: number;
  open: boolean;
  comment: { id: number; nodeId: string; body: string; author: string };
  threadRootId?: number;
}

export type AppTask = ReviewTask | CommandsTask;

export interface TaskSpec {
  id: string;
  group: string;
  supersedes?: boolean;
  data: AppTask;
}

function pullKey(repo: RepoRef, number: number): string {
  return `${repo.owner}/${repo.repo}#${number}`;
}

export function reviewSpec(task: ReviewTask): TaskSpec {
  const again = task.cause === 'event' ? '' : `:${task.cause}`;
  return { id: `review:${pullKey(task.repo, task.pull.number)}@${task.pull.headSha}${again}`, group: `review:${pullKey(task.repo, task.pull.number)}`, supersedes: true, data: task };
}

export function commandsSpec(task: CommandsTask): TaskSpec {
  return { id: `commands:${task.repo.owner}/${task.repo.repo}:${task.comment.id}`, group: `commands:${pullKey(task.repo, task.number)}`, data: task };
}

export function isAppTask(data: unknown): data is AppTask {
  const kind = (data as { kind?: unknown } | null)?.kind;
  return kind === 'review' || kind === 'commands';
}
