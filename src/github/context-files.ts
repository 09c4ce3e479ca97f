/**
 * Files outside the change that cross-file rules need, chosen from folder listings: the rest of
 * each chart the change touches (Chart.yaml, values, templates) and the manifests beside each
 * changed file. Bounded, because context is for reasoning about neighbours, not a second review.
 * Kustomize changes also bring every kustomization of the tree and their patch files
 * (kustomize-context.ts): an overlay's patches say what its base lacks.
 */
import { posix } from 'node:path';
import { isContextCandidate } from '../engine/classify.js';
import type { ChangedFile } from '../model/types.js';
import type { GitHub, RepoRef } from './client.js';
import { expression, fetchObjects, type TreeEntry } from './git-objects.js';
import { contentOf } from './read-blob.js';
import { headTree, kustomizationsIn, patchFilesOf, touchesKustomize } from './kustomize-context.js';

export const MAX_CONTEXT_FILES = 100;
const MAX_CHARTS = 10;
const VALUES = /^values[^/]*\.ya?ml$/;
const YAML = /\.ya?ml$/;

/** Folder → entries, for the folders that were listed. */
export type Listings = ReadonlyMap<string, readonly TreeEntry[]>;

/** Folders to list for these changed paths: each file's own, and every ancestor of a YAML file (to find its chart). */
export function foldersToList(paths: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const path of paths) {
    let dir = posix.dirname(path);
    folders.add(dir);
    if (!YAML.test(path)) continue;
    while (dir !== '.') {
      dir = posix.dirname(dir);
      folders.add(dir);
    }
  }
  return [...folders];
}

/** Every path the listings show: lets the engine see a Chart.yaml that is not in the change. */
export function pathsOf(listings: Listings): string[] {
  const out: string[] = [];
  for (const [dir, entries] of listings) for (const e of entries) out.push(join(dir, e.name));
  return out;
}

export interface ContextResult {
  files: ChangedFile[];
  treePaths: string[];
}

export async function collectContext(gh: GitHub, repo: RepoRef, sha: string, changed: readonly ChangedFile[], listings: Listings): Promise<ContextResult> {
  const changedPaths = new Set(changed.map((f) => f.path));
  const chartRoots = [...listings].filter(([, entries]) => entries.some((e) => e.name === 'Chart.yaml' && e.type === 'blob')).map(([dir]) => dir);
  const blobs = new Set<string>();
  const templateDirs = new Set<string>();
  for (const file of changed) {
    const root = chartRootOf(file.path, chartRoots);
    if (root !== undefined && templateDirs.size < MAX_CHARTS) {
      for (const e of listings.get(root) ?? []) {
        if (e.type === 'blob' && (e.name === 'Chart.yaml' || VALUES.test(e.name))) blobs.add(join(root, e.name));
        if (e.type === 'tree' && e.name === 'templates') templateDirs.add(join(root, 'templates'));
      }
    }
    const dir = posix.dirname(file.path);
    for (const e of listings.get(dir) ?? []) {
      if (e.type === 'blob' && isContextCandidate(join(dir, e.name))) blobs.add(join(dir, e.name));
    }
  }
  // Files of a templates/ folder come with its listing: do not ask for them twice.
  const wanted = [...blobs].filter((p) => !changedPaths.has(p) && !templateDirs.has(posix.dirname(p))).slice(0, MAX_CONTEXT_FILES);
  const tree = touchesKustomize(changed, listings) ? await headTree(gh, repo, sha) : undefined;
  const taken = new Set([...changedPaths, ...wanted]);
  // Kustomizations travel in the same batches as the neighbours.
  const kustomizations = tree ? kustomizationsIn(tree, [...changedPaths]).filter((p) => !taken.has(p) && !templateDirs.has(posix.dirname(p))) : [];
  const treePaths: string[] = tree ? [...tree.paths] : [];
  if (wanted.length === 0 && templateDirs.size === 0 && kustomizations.length === 0) return { files: [], treePaths };

  const objects = await fetchObjects(gh, repo, {
    blobs: [...wanted, ...kustomizations].map((p) => expression(sha, p)),
    textTrees: [...templateDirs].map((d) => expression(sha, d)),
  });
  const files: ChangedFile[] = [];
  const add = async (path: string, blob: Parameters<typeof contentOf>[4]): Promise<void> => {
    // Context is optional: a file too long for one request is left out rather than fetched again.
    const content = await contentOf(gh, repo, sha, path, blob, false);
    if ('text' in content) files.push({ path, status: 'unchanged', text: content.text, changedLines: new Set() });
  };
  for (const path of wanted) await add(path, objects.blobs.get(expression(sha, path)));
  for (const dir of templateDirs) {
    for (const e of objects.trees.get(expression(sha, dir)) ?? []) {
      const path = join(dir, e.name);
      treePaths.push(path);
      taken.add(path);
      // Only neighbours are in `files` so far: they are the ones bounded here.
      if (e.type === 'blob' && YAML.test(e.name) && !changedPaths.has(path) && files.length < MAX_CONTEXT_FILES) await add(path, e.blob);
    }
  }
  for (const path of kustomizations) await add(path, objects.blobs.get(expression(sha, path)));
  if (!tree) return { files, treePaths };

  // Patch files are named in the kustomizations' texts: a second round, for those not read yet.
  for (const path of kustomizations) taken.add(path);
  const patches = patchFilesOf([...changed, ...files], tree, taken);
  if (patches.length > 0) {
    const more = await fetchObjects(gh, repo, { blobs: patches.map((p) => expression(sha, p)) });
    for (const path of patches) await add(path, more.blobs.get(expression(sha, path)));
  }
  return { files, treePaths };
}

function chartRootOf(path: string, roots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const root of roots) {
    if ((root === '.' || path.startsWith(`${root}/`)) && (best === undefined || root.length > best.length)) best = root;
  }
  return best;
}

function join(dir: string, name: string): string {
  return dir === '.' ? name : `${dir}/${name}`;
}
