/**
 * The Probot app: webhook events become queue jobs, nothing else; workers (src/app/worker.ts)
 * do the reviews. It does not know how it is hosted: `main.ts` runs it as a service with a
 * durable queue; tests and the demo load the default export, whose queue runs each job inline.
 */
import type { ApplicationFunction, Context, Probot } from 'probot';
import { onPullRequest, PULL_REQUEST_EVENTS } from './handlers/pull-request.js';
import { onCheckRunRerequested, onCheckSuiteRerequested } from './handlers/rerequested.js';
import { onIssueComment, onReviewComment } from './handlers/comment.js';
import { InlineQueue } from './inline-queue.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Outcome, TaskQueue, TaskRunner } from './task-queue.js';
import type { Result } from '../model/types.js';
import { taskRunner } from './worker.js';

export interface AppOptions {
  /** Where jobs go; an inline queue when absent. */
  queue?: TaskQueue;
  /** Wraps the job runner (metrics). */
  instrument?: (runner: TaskRunner) => TaskRunner;
  /** Extra HTTP routes of the service (health, readiness, metrics). */
  routes?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** Told what became of each webhook (metrics). */
  onWebhook?: (event: string, outcome: Outcome | 'error') => void;
  /** Told the findings of each review (metrics). */
  onReviewed?: (result: Result) => void;
  /** The time (ms) for rate limits such as one recheck per minute; tests set it. */
  clock?: () => number;
  /** Told the Probot instance once loaded (the service logs through it). */
  onLoad?: (probot: Probot) => void;
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (probot, { addHandler }) => {
    const queue = options.queue ?? new InlineQueue();
    const runner = taskRunner(probot, queue, options.onReviewed, options.clock);
    queue.process(options.instrument ? options.instrument(runner) : runner);
    if (options.routes) addHandler(options.routes);
    options.onLoad?.(probot);
    const report = options.onWebhook ?? (() => undefined);
    probot.on([...PULL_REQUEST_EVENTS], safely((c) => onPullRequest(c, queue), report));
    probot.on('check_run.rerequested', safely((c) => onCheckRunRerequested(c, queue), report));
    probot.on('check_suite.rerequested', safely((c) => onCheckSuiteRerequested(c, queue), report));
    // Created only: an edited comment must not run its commands again.
    probot.on('issue_comment.created', safely((c) => onIssueComment(c, queue), report));
    probot.on('pull_request_review_comment.created', safely((c) => onReviewComment(c, queue), report));
  };
}

export default createApp();

/**
 * A handler that fails logs and returns: GitHub does not redeliver failed webhooks anyway, and
 * one bad event must never take the process (and every other review) down with it.
 */
function safely<C extends Context>(handler: (context: C) => Promise<Outcome>, report: (event: string, outcome: Outcome | 'error') => void): (context: C) => Promise<void> {
  return async (context) => {
    const event = `${context.name}.${(context.payload as { action?: string }).action ?? ''}`;
    try {
      report(event, await handler(context));
    } catch (error) {
      report(event, 'error');
      context.log.error(`${context.name} ${context.id}: ${(error as Error).message}`);
    }
  };
}
