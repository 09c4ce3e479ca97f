/**
 * Finds the pull request a check run or suite belongs to. Check events list their pull requests,
 * except for pull requests from forks, where the list is empty; the commits endpoint does not
 * know a fork's head commit either, so the open pull requests are scanned for the head SHA
 * (most recently updated first: the one just pushed is almost always on the first page).
 */
import type { GitHub, RepoRef } from './client.js';

export interface PullRequestInfo {
  number: number;
  headSha: string;
  baseSha: string;
  draft: boolean;
  state: string;
  changedFiles?: number;
}

const MAX_PAGES = 10;

interface PullShape {
  number: number;
  state: string;
  draft?: boolean;
  changed_files?: number;
  head: { sha: string };
  base: { sha: string };
}

export function pullInfo(pull: PullShape): PullRequestInfo {
  const info: PullRequestInfo = { number: pull.number, headSha: pull.head.sha, baseSha: pull.base.sha, draft: pull.draft === true, state: pull.state };
  if (typeof pull.changed_files === 'number') info.changedFiles = pull.changed_files;
  return info;
}

export async function getPull(gh: GitHub, repo: RepoRef, number: number): Promise<PullRequestInfo> {
  const { data } = await gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: number });
  return pullInfo(data);
}

/** The open pull requests whose head is this commit (usually one). */
export async function findPullsBySha(gh: GitHub, repo: RepoRef, sha: string): Promise<PullRequestInfo[]> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/pulls', { ...repo, state: 'open', sort: 'updated', direction: 'desc', per_page: 100, page });
    const found = data.filter((p) => p.head.sha === sha).map(pullInfo);
    if (found.length > 0 || data.length < 100) return found;
  }
  return [];
}
