/**
 * Posts one review for a head SHA: the planned inline comments, and in the body what could not
 * be placed on a line. GitHub rejects a whole review with 422 when one comment is off the diff,
 * without saying which; we validate first, and if GitHub still says 422 we post only the
 * comments of the safest shape, then none, moving the rest into the body.
 * https://docs.github.com/en/rest/pulls/reviews#create-a-review-for-a-pull-request
 */
import type { Finding } from '../model/types.js';
import type { GitHub, RepoRef } from '../github/client.js';
import { outcomeUnknown, statusOf } from '../github/client.js';
import { fetchReviewState } from '../github/review-state.js';
import { plural } from '../report/summary.js';
import { SEVERITY_LABEL, ruleTitle, whyLine } from './comment.js';
import { trailer, type MarkerScope } from './markers.js';
import { inert } from '../report/inert.js';
import { foldLines } from './fold.js';
import { lineLink, type Links } from './links.js';
import type { PlannedComment, ReviewPlan } from './review-plan.js';

export interface PostedReview {
  comments: number;
  inBody: number;
}

export async function postReview(gh: GitHub, repo: RepoRef, pull: { number: number; headSha: string }, plan: ReviewPlan, links: Links): Promise<PostedReview | undefined> {
  if (plan.comments.length === 0 && plan.unplaced.length === 0) return undefined;
  const attempts = [plan.comments, plan.comments.filter((c) => c.safe), []].filter((a, i, all) => i === 0 || a.length < all[i - 1]!.length);
  let lastError: unknown;
  for (const comments of attempts) {
    const moved = plan.comments.filter((c) => !comments.includes(c)).flatMap((c) => c.findings);
    const bodyFindings = [...plan.unplaced, ...moved];
    const params: ReviewParams = {
      ...repo, pull_number: pull.number, commit_id: pull.headSha, event: plan.event,
      body: reviewBody(comments.length, comments.reduce((n, c) => n + c.findings.length, 0), bodyFindings, plan.overflow.length, links, { ...repo, number: pull.number }),
      comments: comments.map(toApi),
    };
    try {
      await create(gh, repo, pull, params);
      return { comments: comments.length, inBody: bodyFindings.length };
    } catch (error) {
      if (statusOf(error) !== 422) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

interface ApiComment {
  path: string;
  line: number;
  side: 'RIGHT';
  body: string;
  start_line?: number;
  start_side?: 'RIGHT';
}

interface ReviewParams extends RepoRef {
  pull_number: number;
  commit_id: string;
  event: 'COMMENT' | 'REQUEST_CHANGES';
  body: string;
  comments: ApiComment[];
}

async function requestReview(gh: GitHub, params: ReviewParams): Promise<void> {
  // A review must not be created twice: no blind retry of server errors here (see create).
  await gh.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { ...params, request: { retries: 0 } });
}

/**
 * On a server error, a timeout or an unreadable answer the review may exist all the same: look
 * before sending it again, and after that second try too (two sends at most). A rate limit is
 * retried by the retry plugin even here: GitHub created nothing then.
 */
async function create(gh: GitHub, repo: RepoRef, pull: { number: number; headSha: string }, params: ReviewParams): Promise<void> {
  for (let send = 1; ; send++) {
    try {
      await requestReview(gh, params);
      return;
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      const state = await fetchReviewState(gh, repo, pull.number);
      // The caller posts only when this app has no review on the head SHA yet: one now is ours.
      if (state.reviews.some((r) => r.mine && r.commit === pull.headSha)) return;
      if (send >= 2) throw error;
    }
  }
}

/** `line` + `side: RIGHT`, and `start_line` only when it is smaller than `line` (GitHub rejects it otherwise). */
function toApi(c: PlannedComment): ApiComment {
  const comment: ApiComment = { path: c.path, line: c.line, side: 'RIGHT', body: c.body };
  if (c.startLine !== undefined && c.startLine < c.line) Object.assign(comment, { start_line: c.startLine, start_side: 'RIGHT' });
  return comment;
}

export function reviewBody(comments: number, commented: number, inBody: readonly Finding[], overflow: number, links: Links, scope: MarkerScope): string {
  const total = commented + inBody.length + overflow;
  const head = [`**Kubernetes anti-patterns**: ${plural(total, 'new finding')} on the changed lines${comments > 0 ? `, ${commented} of them in ${plural(comments, 'inline comment')}` : ''}.`];
  const checkRun = links.checkUrl ? `[check run](${links.checkUrl})` : 'check run';
  if (overflow > 0) head.push('', `${plural(overflow, 'more finding')} ${overflow === 1 ? 'is' : 'are'} listed in the ${checkRun}, to keep this review short.`);
  const items = inBody.map((f) => `- **${SEVERITY_LABEL[f.severity]}** \`${f.rule}\` (${ruleTitle(f.rule)}) at ${lineLink(links, f.file, f.commentLine ?? f.line)}: ${inert(f.message)} ${whyLine(f.rule)}`);
  if (items.length > 0) head.push('', 'Not on a line that takes a comment:', '');
  // The trailer stays the last line whatever is folded, so the text gets what it leaves.
  const tail = inBody.length > 0 ? `\n\n${trailer({ fp: inBody.map((f) => f.fingerprint) }, scope)}` : '';
  return foldLines(head, items, [], 60_000 - tail.length, (n) => `- … and ${n} more in the ${checkRun}.`) + tail;
}
