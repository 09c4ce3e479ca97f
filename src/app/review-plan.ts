/**
 * Decides what a review posts: new findings only (their fingerprints are not in an earlier
 * comment), errors and warnings only (hints stay in the check run), at most `max_comments`
 * inline comments, most severe first, each line checked against the diff hunks GitHub showed.
 */
import type { ChangedFile, Finding, Severity } from '../model/types.js';
import { SEVERITY_RANK } from '../model/types.js';
import type { Config } from '../config/config.js';
import { reachesFailOn } from '../report/summary.js';
import { commentBody } from './comment.js';
import type { MarkerScope } from './markers.js';

export interface PlannedComment {
  path: string;
  line: number;
  /** First line of a multi-line comment (a suggestion replacing several lines). */
  startLine?: number;
  body: string;
  findings: Finding[];
  /** Single line on an added line: the shape GitHub accepts whatever else went wrong. */
  safe: boolean;
}

export interface ReviewPlan {
  comments: PlannedComment[];
  /** On the diff, but on no line GitHub takes a comment on: they go into the review body. */
  unplaced: Finding[];
  /** Beyond `max_comments`: left to the check run. */
  overflow: Finding[];
  event: 'COMMENT' | 'REQUEST_CHANGES';
}

export interface PlanInput {
  findings: readonly Finding[];
  /** Fingerprints already posted by this app. */
  posted: ReadonlySet<string>;
  files: ReadonlyMap<string, ChangedFile>;
  commentable: ReadonlySet<string>;
  config: Pick<Config, 'max_comments' | 'fail_on' | 'review_event'>;
  /** The pull request the comments' signed markers belong to. */
  scope: MarkerScope;
}

const INLINE: ReadonlySet<Severity> = new Set(['error', 'warning']);

export function planReview(input: PlanInput): ReviewPlan {
  const fresh = input.findings.filter((f) => f.onDiff && !f.suppressed && INLINE.has(f.severity) && !input.posted.has(f.fingerprint));
  const groups = new Map<string, Finding[]>();
  const unplaced: Finding[] = [];
  for (const f of fresh) {
    const file = input.files.get(f.file);
    if (!file || !input.commentable.has(f.file) || f.commentLine === undefined || !inHunk(file, f.commentLine)) {
      unplaced.push(f);
      continue;
    }
    const key = `${f.file}\0${f.commentLine}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const ordered = [...groups.values()].sort((a, b) => worst(b) - worst(a) || a[0]!.file.localeCompare(b[0]!.file) || a[0]!.commentLine! - b[0]!.commentLine!);
  const kept = ordered.slice(0, input.config.max_comments);
  const comments = kept.map((group) => toComment(group, input.files.get(group[0]!.file)!, input.scope));
  const overflow = ordered.slice(input.config.max_comments).flat();
  const blocking = input.config.review_event === 'request_changes' && [...kept.flat(), ...unplaced].some((f) => reachesFailOn(f, input.config.fail_on));
  return { comments, unplaced, overflow, event: blocking ? 'REQUEST_CHANGES' : 'COMMENT' };
}

function toComment(findings: Finding[], file: ChangedFile, scope: MarkerScope): PlannedComment {
  const first = findings[0]!;
  const line = first.commentLine!;
  // A suggestion replaces the commented lines: only when they are exactly the finding's lines.
  if (findings.length === 1 && first.suggestion !== undefined && sameHunk(file, first.line, first.endLine)) {
    const comment: PlannedComment = { path: first.file, line: first.endLine, body: commentBody(findings, true, scope), findings, safe: false };
    if (first.endLine > first.line) comment.startLine = first.line;
    return comment;
  }
  const added = file.changedLines === 'all' || file.changedLines.has(line);
  return { path: first.file, line, body: commentBody(findings, false, scope), findings, safe: added };
}

function worst(group: readonly Finding[]): number {
  // A loop, not a spread: a spread of a very long list passes the call stack's limit.
  let rank = -Infinity;
  for (const f of group) rank = Math.max(rank, SEVERITY_RANK[f.severity]);
  return rank;
}

function lineCount(file: ChangedFile): number {
  const text = file.text ?? '';
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** GitHub takes a comment on any head-side line of a hunk, added or context. */
export function inHunk(file: ChangedFile, line: number): boolean {
  if (line < 1) return false;
  if (file.changedLines === 'all') return line <= lineCount(file);
  if (file.hunks) return file.hunks.some(([start, end]) => start <= line && line <= end);
  return file.changedLines.has(line);
}

function sameHunk(file: ChangedFile, from: number, to: number): boolean {
  if (file.changedLines === 'all') return inHunk(file, from) && inHunk(file, to);
  return (file.hunks ?? []).some(([start, end]) => start <= from && to <= end);
}
