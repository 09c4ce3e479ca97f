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

/**
 * A write whose outcome is unknown: GitHub answered 5xx, the answer never came (a timeout, a
 * reset connection: Octokit reports those as 500) or it could not be read (src/github/retry.ts
 * reports a cut-off body as 502). GitHub may have done the work: look before writing again.
 */
export function outcomeUnknown(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && status >= 500;
}

interface RequestShape {
  request?: { method?: string; url?: string };
  response?: unknown;
  /** Set by the retry plugin: how many times the request was sent. */
  attempts?: number;
  /** Set by the retry plugin on rate limits: what to tell people (src/github/retry.ts). */
  rateLimit?: string;
  /** Set by the retry plugin: the answer came, but cut off or not JSON. */
  unreadable?: boolean;
}

/**
 * One line about a failed request for people: what GitHub answered (or that it did not), to
 * which request, after how many attempts. Never tokens or bodies: only the method and path.
 */
export function describeError(error: unknown): string {
  const shape = (error ?? {}) as RequestShape;
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
  const status = statusOf(error);
  if (status === undefined) return message;
  if (shape.rateLimit) return shape.rateLimit;
  const { method, url } = shape.request ?? {};
  const where = method && url ? ` to ${method} ${pathOf(url)}` : '';
  const tries = (shape.attempts ?? 1) > 1 ? ` after ${shape.attempts} attempts` : '';
  if (shape.unreadable) return `GitHub's answer${where} was cut off or is not valid JSON${tries}`;
  // Octokit reports a request that got no answer at all (timeout, reset) as a 500 without a response.
  if (shape.response === undefined && status === 500) return `GitHub did not answer${where.replace(/^ to/, '')} (${message})${tries}`;
  return `GitHub answered ${status} (${message})${where}${tries}`;
}

/** The path of a request's URL (no host, no query: nothing but the route and its parameters). */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0]!;
  }
}
