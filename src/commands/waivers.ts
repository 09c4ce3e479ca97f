/**
 * Waivers live in GitHub, not in memory: each accepted `/antipattern ignore` reply carries a
 * hidden marker, and the current waivers of a pull request are read back from the bot's own
 * comments in order. A restarted or scaled-out app therefore sees the same waivers.
 */
import type { Finding } from '../model/types.js';

export interface Waiver {
  /** A rule id; with a fingerprint too, the rule of that one finding. */
  rule?: string;
  /** A finding's fingerprint when waived in that finding's thread. */
  fingerprint?: string;
  by: string;
  reason?: string;
}

/** `at` (ISO time) orders events written to different places (threads, the conversation). */
export type WaiverEvent =
  | ({ action: 'ignore'; at?: string } & Waiver)
  | { action: 'unignore'; rule?: string; fingerprint?: string; by: string; at?: string };

const MARKER = /<!-- k8s-antipatterns:waiver (\{.*?\}) -->/g;

export function waiverMarker(event: WaiverEvent): string {
  // JSON inside an HTML comment: "--" cannot occur in it after escaping, so the comment stays closed.
  return `<!-- k8s-antipatterns:waiver ${JSON.stringify(event).replace(/--/g, '-\\u002d')} -->`;
}

export function readWaiverEvents(body: string): WaiverEvent[] {
  const out: WaiverEvent[] = [];
  for (const match of body.matchAll(MARKER)) {
    try {
      const event = JSON.parse(match[1]!) as WaiverEvent;
      if ((event.action === 'ignore' || event.action === 'unignore') && typeof event.by === 'string') out.push(event);
    } catch {
      // A damaged marker (someone edited the comment) is ignored rather than trusted.
    }
  }
  return out;
}

/**
 * One event applied to the waivers in force. `unignore <rule>` takes back the rule and every
 * waived finding of it; `unignore` of a fingerprint takes back that finding only.
 */
export function applyEvent(waivers: readonly Waiver[], e: WaiverEvent): Waiver[] {
  if (e.action === 'unignore') {
    if (e.fingerprint) return waivers.filter((w) => w.fingerprint !== e.fingerprint);
    return waivers.filter((w) => w.rule !== e.rule);
  }
  const key = (w: Waiver) => (w.fingerprint ? `fp:${w.fingerprint}` : `rule:${w.rule}`);
  const waiver: Waiver = { rule: e.rule, fingerprint: e.fingerprint, by: e.by, reason: e.reason };
  return [...waivers.filter((w) => key(w) !== key(waiver)), waiver];
}

/** Replays events oldest first (by `at`, then as found): a later unignore removes earlier ignores. */
export function currentWaivers(events: readonly WaiverEvent[]): Waiver[] {
  const ordered = [...events].sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
  return ordered.reduce<Waiver[]>(applyEvent, []);
}

/** The waivers in force, from comments; only those the app wrote itself are trusted. */
export function waiversIn(comments: Iterable<{ mine: boolean; body: string }>): Waiver[] {
  const events: WaiverEvent[] = [];
  for (const c of comments) if (c.mine) events.push(...readWaiverEvents(c.body));
  return currentWaivers(events);
}

/** The waiver that covers a finding, if any: its own fingerprint first, then its rule. */
export function waiverFor(finding: Pick<Finding, 'rule' | 'fingerprint'>, waivers: readonly Waiver[]): Waiver | undefined {
  return waivers.find((w) => w.fingerprint === finding.fingerprint) ?? waivers.find((w) => !w.fingerprint && w.rule === finding.rule);
}

/**
 * Marks waived findings as suppressed, so they are neither commented nor failing the check.
 * Findings suppressed already (inline comments, annotations, config) keep their reason.
 */
export function applyWaivers(findings: Finding[], waivers: readonly Waiver[]): void {
  if (waivers.length === 0) return;
  for (const f of findings) {
    const waiver = f.suppressed ? undefined : waiverFor(f, waivers);
    // `comment`: the waiver is a comment in the pull request (model/types has no closer kind).
    if (waiver) f.suppressed = { by: 'waiver', reason: `waived in this pull request by @${waiver.by}` };
  }
}
