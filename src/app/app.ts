/**
 * The Probot app: wires webhook events to their handlers, nothing else. It does not know how it
 * is hosted (`main.ts` runs it as a server; tests and the demo load it into their own Probot).
 */
import type { ApplicationFunction, Context } from 'probot';
import { onPullRequest, PULL_REQUEST_EVENTS } from './handlers/pull-request.js';
import { onCheckRunRerequested, onCheckSuiteRerequested } from './handlers/rerequested.js';
import { onIssueComment, onReviewComment } from './handlers/comment.js';

const app: ApplicationFunction = (probot) => {
  probot.on([...PULL_REQUEST_EVENTS], safely(onPullRequest));
  probot.on('check_run.rerequested', safely(onCheckRunRerequested));
  probot.on('check_suite.rerequested', safely(onCheckSuiteRerequested));
  // Created only: an edited comment must not run its commands again.
  probot.on('issue_comment.created', safely(onIssueComment));
  probot.on('pull_request_review_comment.created', safely(onReviewComment));
};

export default app;

/**
 * A handler that fails logs and returns: GitHub does not redeliver failed webhooks anyway, and
 * one bad event must never take the process (and every other review) down with it.
 */
function safely<C extends Context>(handler: (context: C) => Promise<void>): (context: C) => Promise<void> {
  return async (context) => {
    try {
      await handler(context);
    } catch (error) {
      context.log.error(`${context.name} ${context.id}: ${(error as Error).message}`);
    }
  };
}
