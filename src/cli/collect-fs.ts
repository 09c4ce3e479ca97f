/**
 * `check` mode: files and folders reviewed as if wholly new. Inside a git work tree, git decides
 * what is ignored (tracked and untracked files minus .gitignore); elsewhere every file is read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { ChangedFile } from '../model/types.js';
import { git, gitTopLevel, UsageError } from './git.js';
import { toContent } from './text-content.js';

/** Folders never worth reading, even outside git. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

export interface CollectedFiles {
  files: ChangedFile[];
  /** Folder the paths are relative to. */
  root: string;
}

export function collectPaths(inputs: readonly string[], cwd: string): CollectedFiles {
  const absolute = inputs.map((p) => resolve(cwd, p));
  for (const p of absolute) {
    try {
      statSync(p);
    } catch {
      throw new UsageError(`no such file or folder: ${relative(cwd, p) || p}`);
    }
  }
  const root = absolute.length === 1 && statSync(absolute[0]!).isDirectory() ? absolute[0]! : cwd;
  const seen = new Set<string>();
  const files: ChangedFile[] = [];
  for (const p of absolute) {
    for (const file of listFiles(p)) {
      if (seen.has(file)) continue;
      seen.add(file);
      files.push(readAsNew(file, relative(root, file).split(sep).join('/')));
    }
  }
  return { files: files.sort((a, b) => a.path.localeCompare(b.path)), root };
}

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const top = gitTopLevel(path);
  if (top) {
    const out = git(path, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.']) ?? '';
    return out.split('\0').filter(Boolean).map((f) => join(path, f)).filter((f) => isFile(f));
  }
  return walk(path);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (ALWAYS_SKIPPED.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // deleted in the work tree but still in the index
  }
}

function readAsNew(file: string, path: string): ChangedFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { path, status: 'added', changedLines: 'all', skipReason: `unreadable: ${(error as Error).message}` };
  }
  const content = toContent(bytes);
  return 'text' in content ? { path, status: 'added', text: content.text, changedLines: 'all' } : { path, status: 'added', changedLines: 'all', skipReason: content.skip };
}
