/**
 * Unified diffs, parsed once here with the `diff` package: which head-side lines a change added,
 * and the head-side ranges of its hunks (where GitHub accepts review comments).
 */
import { parsePatch, structuredPatch } from 'diff';
import type { ChangedFile, FileStatus } from '../model/types.js';

export interface PatchLines {
  changedLines: Set<number>;
  hunks: Array<[number, number]>;
}

/** Reads a patch as GitHub's `files[].patch` gives it (hunks only, no file header). */
export function linesFromPatch(patch: string): PatchLines {
  const text = patch.startsWith('@@') ? `--- a\n+++ b\n${patch}` : patch;
  const [parsed] = parsePatch(text);
  return linesFromHunks(parsed?.hunks ?? []);
}

interface Hunk {
  newStart: number;
  newLines: number;
  lines: string[];
}

function linesFromHunks(hunks: readonly Hunk[]): PatchLines {
  const changedLines = new Set<number>();
  const ranges: Array<[number, number]> = [];
  for (const hunk of hunks) {
    let line = hunk.newStart;
    for (const l of hunk.lines) {
      if (l.startsWith('+')) changedLines.add(line++);
      else if (l.startsWith(' ')) line++;
      // '-' lines and '\ No newline' markers take no head-side line.
    }
    if (hunk.newLines > 0) ranges.push([hunk.newStart, hunk.newStart + hunk.newLines - 1]);
  }
  return { changedLines, hunks: ranges };
}

/** Diffs two texts ourselves (when a surface has no patch, e.g. GitHub omitted it). */
export function diffTexts(baseText: string, headText: string): PatchLines {
  const patch = structuredPatch('a', 'b', baseText, headText, '', '', { context: 3 });
  return linesFromHunks(patch.hunks);
}

export function changedFileFromTexts(path: string, baseText: string | undefined, text: string | undefined, status?: FileStatus, previousPath?: string): ChangedFile {
  if (text === undefined) return { path, status: 'removed', baseText, changedLines: new Set() };
  if (baseText === undefined) return { path, status: status ?? 'added', text, changedLines: 'all' };
  const { changedLines, hunks } = diffTexts(baseText, text);
  return { path, status: status ?? 'modified', previousPath, text, baseText, changedLines, hunks };
}
