/** `pull_request` opened, synchronize, reopened, ready_for_review: queue a review of the new head. */
import type { Context } from 'probot';
import { pullInfo } from '../../github/find-pull.js';
import { reviewSpec } from '../jobs.js';
import type { Outcome, TaskQueue } from '../task-queue.js';

export const PULL_REQUEST_EVENTS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'] as const;

export async function onPullRequest(context: Context<(typeof PULL_REQUEST_EVENTS)[number]>, queue: TaskQueue): Promise<Outcome> {
  const { pull_request: pull, repository, installation } = context.payload;
  if (pull.state === 'closed') {
    context.log.info(`#${pull.number} is closed: not reviewed`);
    return 'ignored';
  }
  if (!installation) throw new Error('the event names no installation');
  // A draft's review posted no comments: ready_for_review is a new job for the same head.
  const cause = context.payload.action === 'ready_for_review' ? 'ready' : 'event';
  const { added } = await queue.add(reviewSpec({ kind: 'review', installationId: installation.id, repo: context.repo(), repoUrl: repository.html_url, pull: pullInfo(pull), cause }));
  if (!added) context.log.info(`#${pull.number} at ${pull.head.sha}: a review of this head is already queued or done (delivery ${context.id} joined it)`);
  return added ? 'queued' : 'joined';
}
