/**
 * Waivers live in GitHub, not in memory: each accepted `/antipattern ignore` reply records its
 * events in the reply's signed trailer (src/app/markers.ts), and the current waivers of a pull
 * request are replayed from the bot's own replies. A restarted or scaled-out app sees the same.
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
