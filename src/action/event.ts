/** What the Action needs from the workflow's event payload: the revisions to compare. */
import { readFileSync } from 'node:fs';

export interface Revisions {
  base?: string;
  head: string;
}

interface PullRequestEvent {
  pull_request?: { base?: { sha?: string }; head?: { sha?: string } };
  before?: string;
  after?: string;
}

const ZERO_SHA = /^0+$/;

/** Pull requests compare base and head; pushes compare `before` and `after`; others review HEAD's change. */
export function revisionsFromEvent(eventPath: string | undefined, fallbackHead: string): Revisions {
  if (!eventPath) return { head: fallbackHead };
  let event: PullRequestEvent;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8')) as PullRequestEvent;
  } catch (error) {
    throw new Error(`cannot read the event payload ${eventPath}: ${(error as Error).message}`);
  }
  const pr = event.pull_request;
  if (pr?.base?.sha && pr.head?.sha) return { base: pr.base.sha, head: pr.head.sha };
  if (event.before && event.after && !ZERO_SHA.test(event.before)) return { base: event.before, head: event.after };
  return { head: fallbackHead };
}
