/**
 * A finding's identity across pushes: rule, path, the object it is about and the normalised text
 * of its anchor lines. Line numbers are left out, so an edit above the finding keeps it stable.
 */
import { createHash } from 'node:crypto';

export function fingerprint(rule: string, path: string, objectKey: string, anchorText: string): string {
  const normalised = anchorText.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).join('\n');
  return createHash('sha256').update(`${rule}\0${path}\0${objectKey}\0${normalised}`).digest('hex').slice(0, 16);
}
