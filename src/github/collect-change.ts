/**
 * Builds the engine's Change for a pull request from the GitHub API, economically: the file list
 * 100 per page, the contents of the files a rule may read in GraphQL batches of 50 (together with
 * the listings of their folders, to find charts), base texts only where no patch says what
 * changed, and context files only where the change touches a chart or a folder of manifests
 * (and the tree's kustomizations only where it touches a kustomization or what one builds).
 */
import type { Change, ChangedFile } from '../model/types.js';
import { describeError, statusOf, type GitHub, type RepoRef } from './client.js';
import { listPullFiles, type PullFile, type PullFiles } from './pr-files.js';
import { expression, fetchObjects } from './git-objects.js';
import { contentOf, type Content } from './read-blob.js';
import { fileDiff, needsBaseText } from './file-diff.js';
import { mayBeRelevant } from './relevance.js';
import { collectContext, foldersToList, pathsOf, type Listings } from './context-files.js';
import type { TreeEntry } from './git-objects.js';

export interface PullRequestRef {
  number: number;
  headSha: string;
  baseSha: string;
  /** `changed_files` of the pull request, when known. */
  changedFiles?: number;
}

/**
 * What one review reads of the changed files, in all. GitHub's listing gives each file's size
 * before its text is fetched again, so files past the budget are never downloaded: they are
 * listed as skipped with the reason, and the rest of the pull request is still reviewed.
 */
export const MAX_REVIEW_BYTES = 8 * 1024 * 1024;

export interface CollectOptions {
  /** Some enabled rule reads every text file (secret scanning). */
  everyTextFile: boolean;
  /** `ignore_paths` of the config. */
  ignored: (path: string) => boolean;
  /** Total bytes of changed files to read (MAX_REVIEW_BYTES by default). */
  maxBytes?: number;
}

export interface CollectedChange {
  change: Change;
  treePaths: string[];
  listing: PullFiles;
  /** Files whose hunks came from GitHub's own patch: the only ones that take inline comments. */
  commentable: Set<string>;
  /** Paths that exist at head among the listed files. */
  headPaths: Set<string>;
  /** Listed files no rule reads, and files left out by `ignore_paths`. */
  notRead: number;
  ignored: number;
  /** Changed files whose text GitHub did not give (the request failed for good): not reviewed. */
  unreadable: FailedRead[];
  /** Changed files whose base text GitHub did not give: every line of them counts as changed. */
  noBase: FailedRead[];
}

/** The skip reason of a changed file GitHub did not give (the check run's summary has a line for these). */
export const NOT_GIVEN = 'GitHub did not give its content';

export interface FailedRead {
  path: string;
  error: unknown;
}

/** A read that GitHub failed (it has a status) is reported; anything else is a bug and thrown. */
async function read(get: () => Promise<Content>): Promise<Content | { failed: unknown }> {
  try {
    return await get();
  } catch (error) {
    if (statusOf(error) === undefined) throw error;
    return { failed: error };
  }
}

export async function collectChange(gh: GitHub, repo: RepoRef, pr: PullRequestRef, options: CollectOptions): Promise<CollectedChange> {
  const listing = await listPullFiles(gh, repo, pr.number, pr.changedFiles);
  const present = listing.files.filter((f) => f.status !== 'removed');
  const ignored = present.filter((f) => options.ignored(f.filename));
  const wanted = present.filter((f) => !options.ignored(f.filename) && mayBeRelevant(f.filename, options.everyTextFile));
  const result: CollectedChange = {
    change: { files: [] }, treePaths: [], listing, commentable: new Set(),
    headPaths: new Set(present.map((f) => f.filename)),
    notRead: present.length - ignored.length - wanted.length, ignored: ignored.length, unreadable: [], noBase: [],
  };
  if (wanted.length === 0) return result;

  const withoutPatch = wanted.filter(needsBaseText);
  const baseSha = withoutPatch.length > 0 ? await mergeBase(gh, repo, pr) : pr.baseSha;
  const basePath = (f: PullFile): string => f.previous_filename ?? f.filename;
  const folders = foldersToList(wanted.map((f) => f.filename));
  const objects = await fetchObjects(gh, repo, {
    blobs: [...wanted.map((f) => expression(pr.headSha, f.filename)), ...withoutPatch.map((f) => expression(baseSha, basePath(f)))],
    trees: folders.map((d) => expression(pr.headSha, d)),
  });

  const files: ChangedFile[] = [];
  let budget = options.maxBytes ?? MAX_REVIEW_BYTES;
  for (const f of wanted) {
    const blob = objects.blobs.get(expression(pr.headSha, f.filename));
    const previousPath = f.status === 'renamed' ? f.previous_filename : undefined;
    if (blob && blob.byteSize > budget) {
      const limit = `${((options.maxBytes ?? MAX_REVIEW_BYTES) / 1024 / 1024).toFixed(0)} MiB`;
      files.push({ path: f.filename, status: fileDiff(f, '').status, previousPath, changedLines: new Set(), skipReason: `not read: earlier files used up the ${limit} one review reads` });
      continue;
    }
    const content = await read(() => contentOf(gh, repo, pr.headSha, f.filename, blob));
    if ('failed' in content) {
      result.unreadable.push({ path: f.filename, error: content.failed });
      files.push({ path: f.filename, status: fileDiff(f, '').status, previousPath, changedLines: new Set(), skipReason: `${NOT_GIVEN}: ${describeError(content.failed)}` });
      continue;
    }
    if ('text' in content) budget -= Buffer.byteLength(content.text);
    if ('skip' in content) {
      files.push({ path: f.filename, status: fileDiff(f, '').status, previousPath, changedLines: new Set(), skipReason: content.skip });
      continue;
    }
    let fetchedBase: string | undefined;
    if (needsBaseText(f)) {
      const base = await read(() => contentOf(gh, repo, baseSha, basePath(f), objects.blobs.get(expression(baseSha, basePath(f)))));
      if ('text' in base) fetchedBase = base.text;
      if ('failed' in base) result.noBase.push({ path: f.filename, error: base.failed });
    }
    const diff = fileDiff(f, content.text, fetchedBase);
    const file: ChangedFile = { path: f.filename, status: diff.status, text: content.text, changedLines: diff.changedLines };
    if (previousPath) file.previousPath = previousPath;
    if (diff.hunks) file.hunks = diff.hunks;
    if (diff.baseText !== undefined) file.baseText = diff.baseText;
    if (diff.commentable) result.commentable.add(f.filename);
    files.push(file);
  }

  const listings = new Map<string, readonly TreeEntry[]>();
  for (const dir of folders) {
    const entries = objects.trees.get(expression(pr.headSha, dir));
    if (entries) listings.set(dir, entries);
  }
  const context = await collectContext(gh, repo, pr.headSha, files.filter((f) => f.text !== undefined), listings as Listings);
  result.change = { files: [...files, ...context.files] };
  result.treePaths = [...pathsOf(listings), ...context.treePaths];
  return result;
}

/**
 * GitHub diffs a pull request against the merge base, not the base branch's tip: ask for it
 * (only needed when we must diff a file ourselves).
 */
async function mergeBase(gh: GitHub, repo: RepoRef, pr: PullRequestRef): Promise<string> {
  const { data } = await gh.request('GET /repos/{owner}/{repo}/compare/{basehead}', { ...repo, basehead: `${pr.baseSha}...${pr.headSha}`, per_page: 1 });
  return data.merge_base_commit?.sha ?? pr.baseSha;
}
