/** The GitHub client every module here takes: any Octokit (Probot's, @octokit/rest) has this shape. */
import type { Octokit } from '@octokit/core';

export type GitHub = Octokit;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** The HTTP status of a failed Octokit request, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
