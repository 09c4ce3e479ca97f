/**
 * The diff filter of ANTIPATTERNS.md ("only on the diff"): marks each finding as touched by the
 * change or not, and picks the line a review comment may sit on. It annotates; it never drops.
 */
import type { ChangedFile } from '../model/types.js';

export interface DiffPlacement {
  onDiff: boolean;
  /** A line inside a diff hunk, where GitHub accepts an inline comment; absent when none fits. */
  commentLine?: number;
}

export function placeOnDiff(file: ChangedFile, line: number, span: readonly [number, number]): DiffPlacement {
  if (file.status === 'removed' || file.status === 'unchanged') return { onDiff: false };
  if (file.changedLines === 'all') return { onDiff: true, commentLine: line };
  const changed = file.changedLines;
  if (!touchesLines(file, span)) return { onDiff: false };
  if (inHunks(file, line)) return { onDiff: true, commentLine: line };
  // The anchor is outside every hunk: move to the nearest changed line inside the span.
  let best: number | undefined;
  for (let l = span[0]; l <= span[1]; l++) {
    if (changed.has(l) && inHunks(file, l) && (best === undefined || Math.abs(l - line) < Math.abs(best - line))) best = l;
  }
  return { onDiff: true, commentLine: best };
}

/** Whether the change added or modified any line of [first, last] (every line of a new file). */
export function touchesLines(file: ChangedFile, [first, last]: readonly [number, number]): boolean {
  const lines = file.changedLines;
  if (lines === 'all') return true;
  for (let l = first; l <= last; l++) if (lines.has(l)) return true;
  return false;
}

function inHunks(file: ChangedFile, line: number): boolean {
  if (file.changedLines === 'all') return true;
  if (!file.hunks) return file.changedLines.has(line);
  return file.hunks.some(([start, end]) => start <= line && line <= end);
}
