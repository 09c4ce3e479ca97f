/**
 * Waivers live in GitHub, not in memory: each accepted `/antipattern ignore` reply carries a
 * hidden marker, and the current waivers of a pull request are read back from the bot's own
 * comments in order. A restarted or scaled-out app therefore sees the same waivers.
 */

export interface Waiver {
  /** A rule id, or a finding's fingerprint when waived in that finding's thread. */
  rule?: string;
  fingerprint?: string;
  by: string;
  reason?: string;
}

export type WaiverEvent = ({ action: 'ignore' } & Waiver) | { action: 'unignore'; rule: string; by: string };

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
      if (event.action === 'ignore' || event.action === 'unignore') out.push(event);
    } catch {
      // A damaged marker (someone edited the comment) is ignored rather than trusted.
    }
  }
  return out;
}

/** Replays events oldest first: a later unignore removes earlier ignores of that rule. */
export function currentWaivers(events: readonly WaiverEvent[]): Waiver[] {
  const byKey = new Map<string, Waiver>();
  for (const e of events) {
    if (e.action === 'unignore') byKey.delete(`rule:${e.rule}`);
    else byKey.set(e.fingerprint ? `fp:${e.fingerprint}` : `rule:${e.rule}`, { rule: e.rule, fingerprint: e.fingerprint, by: e.by, reason: e.reason });
  }
  return [...byKey.values()];
}
