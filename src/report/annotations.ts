/**
 * Check run annotations, shared by the App and the Action: the shape GitHub takes, the level of
 * each severity, how many one request carries, and the order they are kept in.
 */
import type { Finding, Severity } from '../model/types.js';
import { SEVERITIES } from '../model/types.js';

/** GitHub accepts at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;

export const LEVEL: Record<Severity, Annotation['annotation_level']> = { error: 'failure', warning: 'warning', hint: 'notice' };

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
  raw_details?: string;
}

/**
 * The order annotations are kept in when there are more than a check run holds: errors, then
 * warnings, then hints; within a severity one finding of each file in turn (round-robin), so
 * that the first files do not use up the room.
 */
export function annotationOrder(findings: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const severity of SEVERITIES) {
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) {
      if (f.severity !== severity) continue;
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    let queues = [...byFile.values()];
    for (let i = 0; queues.length > 0; i++) {
      for (const q of queues) out.push(q[i]!);
      queues = queues.filter((q) => q.length > i + 1);
    }
  }
  return out;
}

