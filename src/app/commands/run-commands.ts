/**
 * Answers the commands of one new comment: look in GitHub whether the app answered it already (a
 * redelivery, another instance), react with "eyes", work out the answers, reply once, re-run the
 * review when asked or when the waivers changed, then take the reaction away.
 */
import { evaluate, type Outcome, type ThreadFinding } from '../../commands/evaluate.js';
import type { Command } from '../../commands/parse.js';
import { describeError, outcomeUnknown, statusOf, type GitHub, type RepoRef } from '../../github/client.js';
import { getPull, type PullRequestInfo } from '../../github/find-pull.js';
import { fetchReviewState } from '../../github/review-state.js';
import { foldLines } from '../fold.js';
import { loadConfig } from '../load-config.js';
import { withLock } from '../lock.js';
import { answeredIn, trailer, type MarkerScope } from '../markers.js';
import type { Log } from '../run-review.js';
import { permissionOf, react, reply, unreact, type Place } from './github.js';
import { pullWaivers } from './pull-waivers.js';
import { findingsOfComment } from './thread-findings.js';

export interface CommandJob {
  repo: RepoRef;
  /** `repository.html_url`, for links. */
  repoUrl: string;
  number: number;
  open: boolean;
  comment: { id: number; nodeId: string; body: string; author: string };
  /** For a comment in a review thread: the REST id of the thread's first comment. */
  threadRootId?: number;
  readConfig: () => Promise<unknown>;
  /** Queues a review of this head: asked for (`/antipattern recheck`), or because waivers changed. */
  review(pull: PullRequestInfo, why: 'asked' | 'waivers'): Promise<void>;
}

/** GitHub's limit for a comment body is 65,536 characters. */
const REPLY_LIMIT = 65_000;

export async function runCommands(gh: GitHub, log: Log, job: CommandJob, commands: readonly Command[]): Promise<void> {
  // Its own key: a recheck below takes the review lock of the same pull request.
  await withLock(`commands ${job.repo.owner}/${job.repo.repo}#${job.number}`, async () => {
    const state = await fetchReviewState(gh, job.repo, job.number);
    const scope: MarkerScope = { ...job.repo, number: job.number };
    if (answeredIn([...state.conversation, ...state.threads.flatMap((t) => t.comments)], job.comment.id, scope)) {
      log.info(`comment ${job.comment.id} on #${job.number} was answered before: no second reply`);
      return;
    }
    let place: Place = { kind: 'conversation' };
    let thread: ThreadFinding[] | undefined;
    if (job.threadRootId !== undefined) {
      const found = state.threads.find((t) => t.comments.some((c) => c.nodeId === job.comment.nodeId));
      if (!found?.comments[0]?.mine) {
        log.info(`comment ${job.comment.id} on #${job.number} is not in a thread this app started (or not among the first 50 comments of its thread): not answered`);
        return;
      }
      place = { kind: 'thread', rootId: job.threadRootId };
      const findings = findingsOfComment(found.comments[0].body, scope);
      if (findings.length > 0) thread = findings;
    }

    // The reaction is a courtesy: without it the answer still comes.
    const reaction = await react(gh, job.repo, place, job.comment.id).catch((error: unknown) => void log.warn(`could not react to comment ${job.comment.id}: ${describeError(error)}`));
    try {
      let outcome: Outcome;
      try {
        outcome = await evaluate(commands, {
          author: job.comment.author, waivers: await pullWaivers(gh, job.repo, job.number, state), open: job.open && state.state === 'OPEN',
          headSha: state.headSha, now: new Date().toISOString(), ...(thread ? { thread } : {}),
          config: () => loadConfig(job.readConfig), permission: () => permissionOf(gh, job.repo, job.comment.author),
        });
      } catch (error) {
        log.error(`commands of comment ${job.comment.id} on #${job.number} failed: ${describeError(error)}`);
        const why = statusOf(error) !== undefined ? ` (${describeError(error)})` : '';
        outcome = { sections: [`Sorry, I could not answer this: GitHub did not give me what I needed${why}. Please try again in a few minutes.`], events: [], recheck: false };
      }
      await answer(gh, job, place, replyBody(job.comment.id, outcome, scope), scope);
      if (outcome.recheck) await recheck(gh, log, job, outcome.events.length > 0 ? 'waivers' : 'asked');
    } finally {
      if (reaction !== undefined) await unreact(gh, job.repo, place, job.comment.id, reaction).catch((error: unknown) => log.warn(`could not remove the reaction on comment ${job.comment.id}: ${describeError(error)}`));
    }
  });
}

/**
 * The one reply. When GitHub's answer is lost (5xx, a timeout, an unreadable body) the reply may
 * exist all the same: look for it (its trailer names the comment it answers) before sending it
 * again, and after that second try too. If it still fails the job fails, and the queue's retry
 * looks again before answering (the check at the top of runCommands).
 */
async function answer(gh: GitHub, job: CommandJob, place: Place, body: string, scope: MarkerScope): Promise<void> {
  for (let send = 1; ; send++) {
    try {
      await reply(gh, job.repo, job.number, place, body);
      return;
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      const state = await fetchReviewState(gh, job.repo, job.number);
      if (answeredIn([...state.conversation, ...state.threads.flatMap((t) => t.comments)], job.comment.id, scope)) return;
      if (send >= 2) throw error;
    }
  }
}

/** The answers, then the signed trailer (which comment this answers, the waiver events) as the last line. */
export function replyBody(commentId: number, outcome: Outcome, scope: MarkerScope): string {
  const tail = `\n\n${trailer({ replyTo: commentId, ...(outcome.events.length > 0 ? { waivers: outcome.events } : {}) }, scope)}`;
  const items = outcome.sections.map((s, i) => (i === 0 ? s : `\n---\n\n${s}`));
  return foldLines([], items, [], REPLY_LIMIT - tail.length, (n) => `\n---\n\n${n} more ${n === 1 ? 'answer does' : 'answers do'} not fit in one comment: please ask for ${n === 1 ? 'it' : 'them'} on its own.`) + tail;
}

/** The review of the current head, with the waivers as GitHub now has them: a review job of its own. */
async function recheck(gh: GitHub, log: Log, job: CommandJob, why: 'asked' | 'waivers'): Promise<void> {
  try {
    const pull = await getPull(gh, job.repo, job.number);
    if (pull.state !== 'open') return;
    await job.review(pull, why);
  } catch (error) {
    log.error(`recheck of #${job.number} failed: ${describeError(error)}`);
  }
}
