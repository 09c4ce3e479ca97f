/**
 * Kustomize context for the App, as the CLI has it: every kustomization of the head tree and the
 * files their patches name. Overlays (`overlays/prod/`) rarely sit in the folders of a change to
 * their base, yet their patches say whether the base's missing resources and probes are findings.
 * The tree costs one request, so it is read only when the change touches a kustomization or a
 * file below a folder that has one: elsewhere no kustomization can build the changed files.
 */
import { posix } from 'node:path';
import { isKustomizationPath, KUSTOMIZATION_FILE_NAMES } from '../engine/classify.js';
import type { ChangedFile } from '../model/types.js';
import { patchPathsOf } from '../k8s/kustomize-patches.js';
import type { GitHub, RepoRef } from './client.js';
import type { TreeEntry } from './git-objects.js';

/** Kustomizations and patch files each: on top of the neighbours, still a bounded read. */
export const MAX_KUSTOMIZATIONS = 100;
export const MAX_PATCH_FILES = 100;
/** Files a kustomization can list as resources or patches. */
const KUSTOMIZE_INPUT = /\.(ya?ml|json)$/i;

export interface HeadTree {
  /** Paths of the files of the head tree. */
  paths: string[];
  /** GitHub lists at most 100,000 entries: beyond that, a path not listed may still exist. */
  truncated: boolean;
}

/**
 * True when the change touches a kustomization, or a file below a folder with one. Kustomize only
 * loads files from below a kustomization's folder (or from other kustomizations), so a file with no
 * kustomization above it is built by none. `listings` hold every ancestor folder of changed YAML.
 */
export function touchesKustomize(changed: readonly ChangedFile[], listings: ReadonlyMap<string, readonly TreeEntry[]>): boolean {
  for (const file of changed) {
    if (isKustomizationPath(file.path)) return true;
    if (!KUSTOMIZE_INPUT.test(file.path)) continue;
    for (let dir = posix.dirname(file.path); ; dir = posix.dirname(dir)) {
      if (listings.get(dir)?.some((e) => e.type === 'blob' && KUSTOMIZATION_FILE_NAMES.includes(e.name))) return true;
      if (dir === '.' || dir === '/' || dir === '') break;
    }
  }
  return false;
}

/** The head tree, in one request: `git/trees/<sha>?recursive=1` (GitHub accepts a commit for the tree). */
export async function headTree(gh: GitHub, repo: RepoRef, sha: string): Promise<HeadTree> {
  const { data } = await gh.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...repo, tree_sha: sha, recursive: '1' });
  return { paths: data.tree.filter((e) => e.type === 'blob' && typeof e.path === 'string').map((e) => e.path), truncated: data.truncated === true };
}

/** The kustomizations of the tree, the ones nearest the change first when there are too many. */
export function kustomizationsIn(tree: HeadTree, changedPaths: readonly string[]): string[] {
  const all = tree.paths.filter(isKustomizationPath);
  if (all.length <= MAX_KUSTOMIZATIONS) return all;
  const changedDirs = changedPaths.map((p) => posix.dirname(p).split('/'));
  const nearness = (path: string): number => {
    const dir = posix.dirname(path).split('/');
    return Math.max(0, ...changedDirs.map((c) => sharedPrefix(c, dir)));
  };
  const scored = all.map((path) => ({ path, near: nearness(path) }));
  scored.sort((a, b) => b.near - a.near || a.path.localeCompare(b.path));
  return scored.slice(0, MAX_KUSTOMIZATIONS).map((s) => s.path);
}

/** Patch files that the kustomizations among `files` name, inside the repository, at head, and not in `taken`. */
export function patchFilesOf(files: readonly ChangedFile[], tree: HeadTree, taken: ReadonlySet<string>): string[] {
  const exists = new Set(tree.paths);
  const out = new Set<string>();
  for (const file of files) {
    if (file.text === undefined || !isKustomizationPath(file.path)) continue;
    for (const path of patchPathsOf(file.path, file.text)) {
      if (!taken.has(path) && !path.startsWith('../') && (tree.truncated || exists.has(path))) out.add(path);
    }
  }
  return [...out].slice(0, MAX_PATCH_FILES);
}

function sharedPrefix(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i] && a[i] !== '.') i++;
  return i;
}
