/** `pull_request` opened, synchronize, reopened, ready_for_review: review the new head. */
import type { Context } from 'probot';
import { pullInfo } from '../../github/find-pull.js';
import { CONFIG_FILE } from '../load-config.js';
import { runReview } from '../run-review.js';

export const PULL_REQUEST_EVENTS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'] as const;

export async function onPullRequest(context: Context<(typeof PULL_REQUEST_EVENTS)[number]>): Promise<void> {
  const { pull_request: pull, repository } = context.payload;
  if (pull.state === 'closed') {
    context.log.info(`#${pull.number} is closed: not reviewed`);
    return;
  }
  await runReview(context.octokit, context.log, {
    repo: context.repo(), repoUrl: repository.html_url, pull: pullInfo(pull),
    readConfig: () => context.config(CONFIG_FILE),
  });
}
