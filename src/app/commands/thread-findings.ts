/**
 * The findings a review comment of this app is about, read back from its signed trailer: the
 * fingerprints and their rules, in order (src/app/comment.ts writes both).
 */
import type { ThreadFinding } from '../../commands/evaluate.js';
import { trailerOf, type MarkerScope } from '../markers.js';

/** Empty when the body is not one of the app's finding comments for this pull request. */
export function findingsOfComment(body: string, scope: MarkerScope): ThreadFinding[] {
  const data = trailerOf(body, scope);
  const prints = data?.fp ?? [];
  const rules = data?.rules ?? [];
  if (prints.length === 0 || prints.length !== rules.length) return [];
  return prints.map((fingerprint, i) => ({ fingerprint, rule: rules[i]! }));
}
