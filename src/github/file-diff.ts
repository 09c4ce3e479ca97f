/**
 * The changed lines of one pull-request file. GitHub's `patch` is the source of truth: its hunks
 * are exactly where GitHub accepts review comments. Without a patch (a diff too large for GitHub
 * to show) we diff base and head ourselves, and such a file takes no inline comments.
 */
import { applyPatch, parsePatch, reversePatch } from 'diff';
import type { ChangedFile, FileStatus } from '../model/types.js';
import { diffTexts, linesFromPatch } from '../diff/patch.js';
import type { PullFile } from './pr-files.js';

export interface FileDiff {
  status: FileStatus;
  changedLines: ChangedFile['changedLines'];
  hunks?: Array<[number, number]>;
  baseText?: string;
  /** GitHub showed a diff for this file, so its hunks may carry review comments. */
  commentable: boolean;
}

export function statusOf(file: PullFile): FileStatus {
  switch (file.status) {
    case 'added': case 'copied': return 'added';
    case 'removed': return 'removed';
    case 'renamed': return 'renamed';
    default: return 'modified';
  }
}

/** True when the diff against the base needs the base text from GitHub (no patch to read). */
export function needsBaseText(file: PullFile): boolean {
  const status = statusOf(file);
  return file.patch === undefined && file.changes > 0 && (status === 'modified' || status === 'renamed');
}

export function fileDiff(file: PullFile, text: string, fetchedBase?: string): FileDiff {
  const status = statusOf(file);
  if (file.patch !== undefined) {
    try {
      if (status === 'added') return { status, changedLines: 'all', commentable: true };
      const { changedLines, hunks } = linesFromPatch(file.patch);
      return { status, changedLines, hunks, baseText: baseFromPatch(text, file.patch), commentable: true };
    } catch {
      // An inconsistent patch: fall through and treat the file as if GitHub had sent none.
    }
  }
  if (status === 'added') return { status, changedLines: 'all', commentable: false };
  if (file.changes === 0) return { status, changedLines: new Set(), commentable: false };
  if (fetchedBase === undefined) return { status, changedLines: 'all', commentable: false };
  const { changedLines, hunks } = diffTexts(fetchedBase, text);
  return { status, changedLines, hunks, baseText: fetchedBase, commentable: false };
}

/** The base text, rebuilt by applying the patch backwards to the head text (no request needed). */
export function baseFromPatch(headText: string, patch: string): string | undefined {
  try {
    const [parsed] = parsePatch(patch.startsWith('@@') ? `--- a\n+++ b\n${patch}` : patch);
    if (!parsed) return undefined;
    const base = applyPatch(headText, reversePatch(parsed));
    return base === false ? undefined : base;
  } catch {
    return undefined;
  }
}
