/**
 * The stand-in's git side: commits as maps of path → text, folder listings, and pull-request
 * file lists with patches in GitHub's format (hunks only, no file header).
 */
import { posix } from 'node:path';
import { structuredPatch } from 'diff';

export type Tree = Readonly<Record<string, string>>;

export interface FakeFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  previous_filename?: string;
  patch?: string;
  additions: number;
  deletions: number;
  changes: number;
}

export interface Hunk {
  start: number;
  end: number;
}

/** GitHub's `patch` for one file, and the head-side line ranges of its hunks. */
export function patchOf(base: string | undefined, head: string | undefined): { patch: string; additions: number; deletions: number; hunks: Hunk[] } {
  const { hunks } = structuredPatch('a', 'b', base ?? '', head ?? '', '', '', { context: 3 });
  let additions = 0, deletions = 0;
  const text: string[] = [];
  const ranges: Hunk[] = [];
  for (const h of hunks) {
    // Unified diffs number an empty side from the line before it (`-0,0` for a new file).
    const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    text.push(`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`, ...h.lines);
    for (const l of h.lines) {
      if (l.startsWith('+')) additions++;
      else if (l.startsWith('-')) deletions++;
    }
    if (h.newLines > 0) ranges.push({ start: h.newStart, end: h.newStart + h.newLines - 1 });
  }
  return { patch: text.join('\n'), additions, deletions, hunks: ranges };
}

export interface PullFilesOptions {
  /** new path → old path */
  renames?: Readonly<Record<string, string>>;
  /** Files whose patch GitHub leaves out (too large a diff). */
  withoutPatch?: ReadonlySet<string>;
}

/** The files of a pull request from base to head, sorted by path as GitHub lists them. */
export function pullFiles(base: Tree, head: Tree, options: PullFilesOptions = {}): FakeFile[] {
  const renames = options.renames ?? {};
  const renamedFrom = new Set(Object.values(renames));
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].filter((p) => !renamedFrom.has(p) || p in head).sort();
  const out: FakeFile[] = [];
  for (const path of paths) {
    const previous = renames[path];
    const before = previous !== undefined ? base[previous] : base[path];
    const after = head[path];
    if (before === after && previous === undefined) continue;
    const status = previous !== undefined ? 'renamed' : after === undefined ? 'removed' : before === undefined ? 'added' : 'modified';
    const { patch, additions, deletions } = patchOf(before, after);
    const file: FakeFile = { filename: path, status, additions, deletions, changes: additions + deletions };
    if (previous !== undefined) file.previous_filename = previous;
    if (patch !== '' && !options.withoutPatch?.has(path) && !before?.includes('\u0000') && !after?.includes('\u0000')) file.patch = patch;
    out.push(file);
  }
  return out;
}

/** Entries of one folder of a commit: its files and its sub-folders. */
export function listFolder(tree: Tree, dir: string): Array<{ name: string; type: 'blob' | 'tree'; path: string }> | null {
  const prefix = dir === '' || dir === '.' ? '' : `${dir.replace(/\/$/, '')}/`;
  const entries = new Map<string, 'blob' | 'tree'>();
  for (const path of Object.keys(tree)) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    entries.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'blob' : 'tree');
  }
  if (entries.size === 0) return null;
  return [...entries].sort(([a], [b]) => a.localeCompare(b)).map(([name, type]) => ({ name, type, path: posix.join(prefix, name) }));
}
