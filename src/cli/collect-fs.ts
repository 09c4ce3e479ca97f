/**
 * `check` mode: files and folders reviewed as if wholly new. Inside a git work tree, git decides
 * what is ignored (tracked and untracked files minus .gitignore) and paths are relative to the
 * repository root, wherever the command runs and whatever folder it is given, so that
 * `ignore_paths` and the path rules see the paths a pull request shows; elsewhere every file is
 * read and paths are relative to the current folder.
 */
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ChangedFile } from '../model/types.js';
import { git, gitTopLevel, UsageError } from './git.js';
import { BINARY_PROBE_BYTES, skipOf, toContent } from './text-content.js';

/** The engine's own words for a file the config ignores. */
export const IGNORED = 'matches ignore_paths';

/** Folders never worth reading, even outside git. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

export interface CollectedFiles {
  files: ChangedFile[];
  /** Folder the paths are relative to: the repository root inside git, else the current folder. */
  root: string;
  /** Whether root is a git repository's top level. */
  inGit: boolean;
}

/** Called every so many files while reading (a TTY shows it as progress). */
export type ReadProgress = (read: number) => void;

/** The folder paths will be relative to: the repository root inside git, else the current folder. */
export function rootOf(inputs: readonly string[], cwd: string): { root: string; inGit: boolean } {
  const absolute = existing(inputs, cwd);
  const top = repositoryOf(absolute);
  return { root: top ?? cwd, inGit: top !== undefined };
}

function existing(inputs: readonly string[], cwd: string): string[] {
  const absolute = inputs.map((p) => resolve(cwd, p));
  for (const p of absolute) {
    try {
      statSync(p);
    } catch {
      throw new UsageError(`no such file or folder: ${relative(cwd, p) || p}`);
    }
  }
  return absolute;
}

/** `ignored`: paths (relative to the root) the config ignores; they are listed, never read. */
export function collectPaths(inputs: readonly string[], cwd: string, progress?: ReadProgress, ignored: (path: string) => boolean = () => false): CollectedFiles {
  const absolute = existing(inputs, cwd);
  const top = repositoryOf(absolute);
  const root = top ?? cwd;
  const seen = new Set<string>();
  const files: ChangedFile[] = [];
  for (const p of absolute) {
    // Links found in a folder must point inside it; links named on the command line inside the root.
    const folder = statSync(p).isDirectory();
    const fence = realpathSync(folder ? p : root);
    for (const file of listFiles(p)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const path = relative(root, file).split(sep).join('/');
      const skip = ignored(path) ? IGNORED : linkSkipReason(file, fence, folder);
      files.push(skip ? { path, status: 'added', changedLines: 'all', skipReason: skip } : readAsNew(file, path));
      if (progress && files.length % 100 === 0) progress(files.length);
    }
  }
  return { files: files.sort((a, b) => a.path.localeCompare(b.path)), root, inGit: top !== undefined };
}

/** The git repository every input lies in (real paths compared), if there is one. */
function repositoryOf(inputs: readonly string[]): string | undefined {
  const folderOf = (p: string) => (statSync(p).isDirectory() ? p : dirname(p));
  const top = gitTopLevel(folderOf(inputs[0]!));
  if (!top) return undefined;
  const realTop = realpathSync(top);
  const inside = (p: string) => {
    const real = realpathSync(folderOf(p));
    return real === realTop || real.startsWith(realTop + sep);
  };
  if (!inputs.every(inside)) return undefined;
  // Paths are made relative to the inputs as given: keep the top level in the same spelling.
  const given = folderOf(inputs[0]!);
  const realGiven = realpathSync(given);
  const up = relative(realGiven, realTop);
  return resolve(given, up);
}

/** Files and symbolic links (followed or not, see linkSkipReason) under a folder. */
function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const top = gitTopLevel(path);
  if (top) {
    const out = git(path, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.']) ?? '';
    return out.split('\0').filter(Boolean).map((f) => join(path, f)).filter((f) => isFileOrLink(f));
  }
  return walk(path);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const full = join(current, entry.name);
      // A linked folder is not entered (git does not either); the link is listed as skipped.
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() || entry.isSymbolicLink()) out.push(full);
    }
  }
  return out;
}

function isFileOrLink(path: string): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isFile() || stat.isSymbolicLink();
  } catch {
    return false; // deleted in the work tree but still in the index
  }
}

/**
 * Why a listed file is not read, when it is a symbolic link or lies behind one. The files under
 * review come from the author of a change: a link must never make the CLI read a file outside the
 * reviewed folder (a Secret, a key, /etc). A link to a file inside the folder is read under the
 * link's own path, as kubectl or kustomize would read it.
 */
export function linkSkipReason(file: string, fence: string, listed: boolean): string | undefined {
  const link = lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() === true;
  // A listed file can also sit behind a linked folder (a folder swapped for a link after git listed it).
  if (!link && !listed) return undefined;
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return link ? 'broken symbolic link' : undefined;
  }
  const inside = real === fence || real.startsWith(fence.endsWith(sep) ? fence : fence + sep);
  if (!inside) return link ? 'symbolic link to a path outside the reviewed folder' : 'behind a symbolic link to a path outside the reviewed folder';
  if (!link) return undefined;
  if (!statSync(real).isFile()) return 'symbolic link to a folder';
  return undefined;
}

/** Files from this size on are read again when the engine reviews them, not kept from the first read. */
const LOAD_AGAIN_FROM_BYTES = 64 * 1024;

function readAsNew(file: string, path: string): ChangedFile {
  let real: string;
  let size: number;
  let head: Buffer;
  try {
    // The checked real path is read, not the link again (it could have changed in between).
    real = realpathSync(file);
    size = statSync(real).size;
    // A large file is judged by its size and first bytes; the engine loads it when its turn comes.
    head = size < LOAD_AGAIN_FROM_BYTES ? readFileSync(real) : readHead(real, BINARY_PROBE_BYTES);
  } catch (error) {
    return { path, status: 'added', changedLines: 'all', skipReason: `unreadable: ${(error as Error).message}` };
  }
  const skip = skipOf(size, head);
  if (skip) return { path, status: 'added', changedLines: 'all', skipReason: skip };
  // A repository of tens of megabytes is not held in memory at once.
  if (size >= LOAD_AGAIN_FROM_BYTES) return { path, status: 'added', changedLines: 'all', load: () => loadText(real) };
  const content = toContent(head);
  return 'text' in content ? { path, status: 'added', text: content.text, changedLines: 'all' } : { path, status: 'added', changedLines: 'all', skipReason: content.skip };
}

function readHead(real: string, bytes: number): Buffer {
  const fd = openSync(real, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

function loadText(real: string): string | undefined {
  try {
    const content = toContent(readFileSync(real));
    return 'text' in content ? content.text : undefined;
  } catch {
    return undefined;
  }
}
