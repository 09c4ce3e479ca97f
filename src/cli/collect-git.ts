/**
 * `diff` mode: the change between two revisions, built as the App builds it from a pull request,
 * plus the files beside the changed ones at head (context for cross-file rules).
 */
import { posix } from 'node:path';
import type { ChangedFile } from '../model/types.js';
import { changedFileFromTexts } from '../diff/patch.js';
import { git, gitBlob } from './git.js';
import { isContextCandidate, isKustomizationPath } from '../engine/classify.js';
import { toContent } from './text-content.js';
import { patchPathsOf } from '../k8s/kustomize-patches.js';

/** Context is for reasoning about neighbours, not a second review: keep it bounded. */
const MAX_CONTEXT_FILES = 500;
/** Patch files come on top of the folders' files: an overlay's patches say what the base lacks. */
const MAX_PATCH_FILES = 200;

export interface GitChange {
  files: ChangedFile[];
  treePaths: string[];
}

/** `ignored`: changed paths the config ignores are listed, never read. */
export function collectGitChange(repo: string, base: string, head: string, ignored: (path: string) => boolean = () => false): GitChange {
  const status = git(repo, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', base, head]) ?? '';
  const fields = status.split('\0').filter((s) => s.length > 0);
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length; ) {
    const code = fields[i++]!;
    if (code.startsWith('R') || code.startsWith('C')) {
      const from = fields[i++]!;
      const to = fields[i++]!;
      files.push(readChanged(repo, base, head, to, from, code.startsWith('R') ? 'renamed' : 'added', ignored));
    } else {
      const path = fields[i++]!;
      files.push(readChanged(repo, base, head, path, code === 'A' ? undefined : path, code === 'D' ? 'removed' : code === 'A' ? 'added' : 'modified', ignored));
    }
  }
  // `<mode> <type> <object>\t<path>`; mode 120000 is a symbolic link.
  const entries = (git(repo, ['ls-tree', '-r', '-z', head]) ?? '').split('\0').filter(Boolean);
  const treePaths = entries.map((e) => e.slice(e.indexOf('\t') + 1));
  const links = new Set(entries.filter((e) => e.startsWith('120000 ')).map((e) => e.slice(e.indexOf('\t') + 1)));
  // git stores a link's target path as its content; the target is never read (it may lie outside the repository).
  for (const [i, f] of files.entries()) {
    if (links.has(f.path) && f.status !== 'removed') files[i] = { path: f.path, status: f.status, changedLines: 'all', skipReason: 'symbolic link' };
  }
  return { files: [...files, ...contextFiles(repo, head, files, treePaths).filter((f) => !links.has(f.path))], treePaths };
}

function readChanged(repo: string, base: string, head: string, path: string, basePath: string | undefined, status: ChangedFile['status'], ignored: (path: string) => boolean): ChangedFile {
  if (status === 'removed') return { path, status, changedLines: new Set() };
  if (ignored(path)) return { path, status, changedLines: 'all', skipReason: 'matches ignore_paths' };
  const headContent = toContent(gitBlob(repo, head, path) ?? Buffer.alloc(0));
  if ('skip' in headContent) return { path, status, changedLines: 'all', skipReason: headContent.skip };
  const baseBytes = basePath ? gitBlob(repo, base, basePath) : undefined;
  const baseContent = baseBytes ? toContent(baseBytes) : undefined;
  const baseText = baseContent && 'text' in baseContent ? baseContent.text : undefined;
  return changedFileFromTexts(path, baseText, headContent.text, status, status === 'renamed' ? basePath : undefined);
}

/** Unchanged files in the folders (and charts) of the changed files. */
function contextFiles(repo: string, head: string, changed: readonly ChangedFile[], treePaths: readonly string[]): ChangedFile[] {
  const changedPaths = new Set(changed.map((f) => f.path));
  const folders = new Set<string>();
  for (const f of changed) {
    let dir = posix.dirname(f.path);
    folders.add(dir);
    // A chart's templates and values belong together: include the chart root's folders too.
    while (dir !== '.' && posix.basename(dir) === 'templates') dir = posix.dirname(dir);
    folders.add(dir);
  }
  // Kustomizations anywhere say which images overlays pin; they are few and small.
  const wanted = treePaths.filter((p) => !changedPaths.has(p) && ((isContextCandidate(p) && isInside(p, folders)) || isKustomizationPath(p))).slice(0, MAX_CONTEXT_FILES);
  const out = readContext(repo, head, wanted);
  // Patches that kustomizations (changed or context) name, wherever they live.
  const tree = new Set(treePaths);
  const taken = new Set([...changedPaths, ...out.map((f) => f.path)]);
  const patches = new Set<string>();
  for (const f of [...changed, ...out]) {
    if (!isKustomizationPath(f.path) || f.text === undefined) continue;
    for (const path of patchPathsOf(f.path, f.text)) if (tree.has(path) && !taken.has(path)) patches.add(path);
  }
  return [...out, ...readContext(repo, head, [...patches].slice(0, MAX_PATCH_FILES))];
}

function readContext(repo: string, head: string, paths: readonly string[]): ChangedFile[] {
  const out: ChangedFile[] = [];
  for (const path of paths) {
    const bytes = gitBlob(repo, head, path);
    const content = bytes ? toContent(bytes) : undefined;
    if (content && 'text' in content) out.push({ path, status: 'unchanged', text: content.text, changedLines: new Set() });
  }
  return out;
}

function isInside(path: string, folders: ReadonlySet<string>): boolean {
  const dir = posix.dirname(path);
  if (folders.has(dir)) return true;
  // Files of a chart: anything under a folder whose templates/ changed.
  for (const folder of folders) if (folder !== '.' && path.startsWith(folder + '/') && /\/templates\//.test('/' + path.slice(folder.length))) return true;
  return false;
}
