/**
 * The files of a pull request, 100 per page. GitHub lists at most 3,000 files of a pull request;
 * the rest cannot be read through this endpoint.
 * https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files
 */
import type { GitHub, RepoRef } from './client.js';

export const FILES_PER_PAGE = 100;
export const MAX_LISTED_FILES = 3000;

export interface PullFile {
  filename: string;
  status: string;
  previous_filename?: string;
  /** Absent for binary files and for diffs too large for GitHub to show. */
  patch?: string;
  changes: number;
}

export interface PullFiles {
  files: PullFile[];
  /** The pull request has more files than GitHub lists. */
  capped: boolean;
  /** How many files the pull request changes (from the pull request when known). */
  total: number;
}

/** Lists the files; `expected` (the pull request's `changed_files`) saves the last empty page. */
export async function listPullFiles(gh: GitHub, repo: RepoRef, pullNumber: number, expected?: number): Promise<PullFiles> {
  const files: PullFile[] = [];
  const want = Math.min(expected ?? MAX_LISTED_FILES, MAX_LISTED_FILES);
  for (let page = 1; page <= MAX_LISTED_FILES / FILES_PER_PAGE; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      ...repo, pull_number: pullNumber, per_page: FILES_PER_PAGE, page,
    });
    for (const f of data) {
      files.push({ filename: f.filename, status: f.status, previous_filename: f.previous_filename, patch: f.patch, changes: f.changes });
    }
    if (data.length < FILES_PER_PAGE || (expected !== undefined && files.length >= want)) break;
  }
  const total = Math.max(expected ?? files.length, files.length);
  return { files, capped: total > files.length || (expected === undefined && files.length >= MAX_LISTED_FILES), total };
}
