/**
 * `/antipattern` commands in new comments: `issue_comment.created` on a pull request (the
 * conversation) and `pull_request_review_comment.created` replying in a review thread. Edits are
 * not subscribed to, so an edited comment never runs a command again. Bots are never answered,
 * this app included: that is what keeps two bots from talking to each other forever.
 */
import type { Context } from 'probot';
import { parseCommands } from '../../commands/parse.js';
import { commandsSpec, type CommandsTask } from '../jobs.js';
import { outcomeOf, type Outcome, type TaskQueue } from '../task-queue.js';

interface Author {
  login: string;
  type?: string;
}

/** Bots by account type, and by the `[bot]` suffix GitHub gives every app's account. */
export function isBot(user: Author | null | undefined): boolean {
  return !user || user.type === 'Bot' || user.login.endsWith('[bot]');
}

export async function onIssueComment(context: Context<'issue_comment.created'>, queue: TaskQueue): Promise<Outcome> {
  const { issue, comment, sender, repository } = context.payload;
  if (!issue.pull_request || isBot(sender) || isBot(comment.user)) return 'ignored';
  // Parsed here only to ignore the many comments without a command; the job parses again.
  if (parseCommands(comment.body ?? '').length === 0) return 'ignored';
  return outcomeOf([await queue.add(commandsSpec(task(context, issue.number, issue.state === 'open', comment, repository.html_url)))]);
}

export async function onReviewComment(context: Context<'pull_request_review_comment.created'>, queue: TaskQueue): Promise<Outcome> {
  const { pull_request: pull, comment, sender, repository } = context.payload;
  // Only replies: commands live in the threads this app started (checked against GitHub later).
  if (!comment.in_reply_to_id || isBot(sender) || isBot(comment.user)) return 'ignored';
  if (parseCommands(comment.body ?? '').length === 0) return 'ignored';
  return outcomeOf([await queue.add(commandsSpec({ ...task(context, pull.number, pull.state === 'open', comment, repository.html_url), threadRootId: comment.in_reply_to_id }))]);
}

function task(context: Context<'issue_comment.created' | 'pull_request_review_comment.created'>, number: number, open: boolean, comment: { id: number; node_id: string; body?: string | null; user: Author | null }, repoUrl: string): CommandsTask {
  const installation = context.payload.installation;
  if (!installation) throw new Error('the event names no installation');
  return {
    kind: 'commands', installationId: installation.id, repo: context.repo(), repoUrl, number, open,
    comment: { id: comment.id, nodeId: comment.node_id, body: comment.body ?? '', author: comment.user?.login ?? '' },
  };
}
