/**
 * The findings a review comment of this app is about, read back from its body: the hidden
 * fingerprint marker lists them in order, and each finding's section ends with its
 * `Why? /antipattern explain <rule-id>` line (src/app/comment.ts writes both).
 */
import type { ThreadFinding } from '../../commands/evaluate.js';
import { whyLine } from '../comment.js';
import { fingerprintsIn } from '../markers.js';

const WHY = new RegExp(`^${whyLine('').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([a-z0-9-]+)\\s*$`, 'gm');

/** Empty when the body is not one of the app's finding comments, or cannot be read safely. */
export function findingsOfComment(body: string): ThreadFinding[] {
  const prints = fingerprintsIn(body);
  const rules = [...body.matchAll(WHY)].map((m) => m[1]!);
  if (prints.length === 0 || rules.length === 0) return [];
  if (prints.length === rules.length) return prints.map((fingerprint, i) => ({ fingerprint, rule: rules[i]! }));
  // Sections and fingerprints do not pair up: only a single rule is certain.
  return new Set(rules).size === 1 ? prints.map((fingerprint) => ({ fingerprint, rule: rules[0]! })) : [];
}
