/**
 * Making sure the revisions a review needs are in the checkout. actions/checkout fetches one
 * commit by default (the merge commit of a pull request), a force-push leaves a push event's
 * `before` nowhere, and a base branch can be rewritten: fetch what is missing from origin, as
 * little as will do, and when that cannot work say exactly what to change.
 */
import { commitOf, defaultBase, git, isShallow, mergeBase } from '../cli/git.js';
import type { Revisions } from './event.js';

/** A problem of the workflow, not of the change: the message says what to change. Exit code 2. */
export class ActionError extends Error {
  override name = 'ActionError';
}

export interface Prepared {
  /** The revision to start from (its merge-base with head is taken); undefined: the default branch's. */
  base?: string;
  head: string;
  /** What was done differently from the event, for the job summary. */
  notes: string[];
}

const FULL_HISTORY = 'add `fetch-depth: 0` to the actions/checkout step before this one';

export function prepareRevisions(repo: string, revisions: Revisions, log: (line: string) => void): Prepared {
  const notes: string[] = [];
  const origin = (git(repo, ['remote'], { allowFail: true }) ?? '').split('\n').includes('origin');
  const fetch = (...args: string[]): boolean => {
    if (!origin) return false;
    log(`k8s-antipatterns: git fetch --no-tags ${args.join(' ')}`);
    return git(repo, ['fetch', '--no-tags', '--quiet', ...args], { allowFail: true }) !== undefined;
  };
  const depth = () => (isShallow(repo) ? ['--depth=64'] : []);
  const { head } = revisions;
  const missing = [head, revisions.base].filter((r): r is string => r !== undefined && !commitOf(repo, r));
  if (missing.length > 0) fetch(...depth(), 'origin', ...missing);
  if (!commitOf(repo, head)) {
    throw new ActionError(`the commit under review ${head} is not in the checkout${origin ? ' and origin does not have it' : ''}: run actions/checkout before this step${revisions.kind === 'pull_request' ? ' (on a pull_request event it checks out this pull request)' : ''}.`);
  }
  let base = revisions.base;
  if (base && !commitOf(repo, base)) {
    const why = revisions.kind === 'push' ? 'a force-push replaced it' : 'its branch was rewritten';
    // The branch the change goes into, as origin has it now.
    const ref = revisions.baseRef ?? 'HEAD';
    const fallback = fetch(...depth(), 'origin', ref) ? commitOf(repo, 'FETCH_HEAD') : undefined;
    notes.push(`The base commit \`${base.slice(0, 12)}\` is not in the repository any more (${why}), so the change was reviewed from where it leaves ${fallback ? `\`${ref === 'HEAD' ? 'the default branch' : ref}\` (${fallback.slice(0, 12)})` : 'the default branch'}.`);
    base = fallback;
  }
  if (!base) {
    // A new branch, a force-push without a fallback, a manual run: the default branch, fetched if need be.
    try {
      defaultBase(repo, head);
    } catch {
      if (fetch(...depth(), 'origin', 'HEAD')) base = commitOf(repo, 'FETCH_HEAD');
    }
  }
  if (base && !mergeBase(repo, base, head) && isShallow(repo)) {
    // Deepen both sides until their history meets, then give up on depth.
    for (const n of [256, 2048]) {
      fetch(`--depth=${n}`, 'origin', base, head);
      if (mergeBase(repo, base, head)) break;
    }
    if (!mergeBase(repo, base, head) && isShallow(repo)) fetch('--unshallow', 'origin');
  }
  if (base && !mergeBase(repo, base, head)) {
    throw new ActionError(isShallow(repo)
      ? `the base ${base.slice(0, 12)} and the head ${head.slice(0, 12)} share no history in this shallow checkout, and fetching more from origin did not help: ${FULL_HISTORY}.`
      : `the base ${base.slice(0, 12)} and the head ${head.slice(0, 12)} share no history: the branches are unrelated, so there is no change to review.`);
  }
  return { base, head, notes };
}
