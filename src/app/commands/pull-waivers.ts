/**
 * The waivers of a pull request, read from GitHub on every review: the app's own replies in its
 * review threads and in the conversation (older pages too when there are more than 100
 * comments). Nothing is kept in memory, so a restarted or second instance sees the same.
 */
import { describeWaiver } from '../../commands/answers.js';
import { currentWaivers, type Waiver, type WaiverEvent } from '../../commands/waivers.js';
import type { GitHub, RepoRef } from '../../github/client.js';
import type { ReviewState } from '../../github/review-state.js';
import type { Finding } from '../../model/types.js';
import { plural } from '../../report/summary.js';
import { lineLink, type Links } from '../links.js';
import { trailerOf } from '../markers.js';
import { olderConversation } from './github.js';

export async function pullWaivers(gh: GitHub, repo: RepoRef, number: number, state: ReviewState): Promise<Waiver[]> {
  const older = state.conversationBefore ? await olderConversation(gh, repo, number, state.conversationBefore) : [];
  const scope = { ...repo, number };
  const events: WaiverEvent[] = [];
  // Only the app's own replies, and only their signed trailer: quoted text cannot add a waiver.
  for (const c of [...state.threads.flatMap((t) => t.comments), ...older, ...state.conversation]) {
    if (c.mine) events.push(...(trailerOf(c.body, scope)?.waivers ?? []));
  }
  return currentWaivers(events);
}

/** The check run's lines about waivers: what, who, why, and what they cover in this run. */
export function waiverLines(waivers: readonly Waiver[], findings: readonly Finding[], links: Links): string[] {
  return waivers.map((w) => {
    if (w.fingerprint) {
      const f = findings.find((x) => x.fingerprint === w.fingerprint);
      return `- ${describeWaiver(w, true)} (${f ? `at ${lineLink(links, f.file, f.commentLine ?? f.line)}` : 'no longer found'})`;
    }
    const covered = findings.filter((f) => f.onDiff && f.rule === w.rule && !waivers.some((o) => o.fingerprint === f.fingerprint)).length;
    return `- ${describeWaiver(w, true)} (${plural(covered, 'finding')} on the changed lines)`;
  });
}
