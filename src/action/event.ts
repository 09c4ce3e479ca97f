/** What the Action needs from the workflow's event payload: the revisions to compare. */
import { readFileSync } from 'node:fs';

export interface Revisions {
  /** `pull_request`: the base branch's commit; `push`: the previous head. Absent: review against the default branch. */
  base?: string;
  /** The commit whose change is reviewed (a pull request's head, not the merge commit GITHUB_SHA names). */
  head: string;
  kind: 'pull_request' | 'push' | 'other';
  /** The pull request's base branch (`main`), to fall back on when its commit cannot be had. */
  baseRef?: string;
}

interface EventPayload {
  pull_request?: {
    base?: { sha?: string; ref?: string };
    head?: { sha?: string };
  };
  before?: string;
  after?: string;
}

const ZERO_SHA = /^0+$/;

/** Pull requests compare base and head; pushes compare `before` and `after`; others review HEAD's change. */
export function revisionsFromEvent(eventPath: string | undefined, fallbackHead: string): Revisions {
  if (!eventPath) return { head: fallbackHead, kind: 'other' };
  let event: EventPayload;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8')) as EventPayload;
  } catch (error) {
    throw new Error(`cannot read the event payload ${eventPath}: ${(error as Error).message}`);
  }
  const pr = event.pull_request;
  if (pr?.base?.sha && pr.head?.sha) {
    return { base: pr.base.sha, head: pr.head.sha, kind: 'pull_request', baseRef: pr.base.ref };
  }
  if (event.after && !ZERO_SHA.test(event.after)) {
    return { ...(event.before && !ZERO_SHA.test(event.before) ? { base: event.before } : {}), head: event.after, kind: 'push' };
  }
  return { head: fallbackHead, kind: 'other' };
}
