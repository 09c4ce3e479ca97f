/**
 * Retries GitHub requests where GitHub says to: server errors (5xx) with growing waits, and rate
 * limits after the `retry-after` (or `x-ratelimit-reset`) that GitHub sends.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 *
 * One plugin for every surface, so that the behaviour is the same in tests (where Probot's own
 * retry and throttling plugins are switched off) and in production (where they are disabled in
 * favour of this one, and throttling keeps only pacing writes).
 */
import type { Octokit } from '@octokit/core';
import type { OctokitOptions } from '@octokit/core/types';
import { statusOf } from './client.js';

export interface RetrySettings {
  /** Waits before the 1st, 2nd, ... retry of a server error, in milliseconds. */
  delays: number[];
  /** The longest rate-limit wait we accept (seconds); longer ones fail the run instead. */
  maxRetryAfterSeconds: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetrySettings = {
  delays: [1000, 3000, 9000],
  maxRetryAfterSeconds: 60,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface ErrorShape {
  response?: { headers?: Record<string, string | number | undefined> };
  message?: string;
}

/** How long to wait before retrying this error, or undefined when it must not be retried. */
export function retryDelay(error: unknown, attempt: number, settings: RetrySettings, now = Date.now()): number | undefined {
  const status = statusOf(error);
  const headers = (error as ErrorShape).response?.headers ?? {};
  if (status === 403 || status === 429) {
    const retryAfter = Number(headers['retry-after']);
    if (Number.isFinite(retryAfter) && retryAfter > 0) return capped(retryAfter, settings);
    if (String(headers['x-ratelimit-remaining']) === '0') {
      const reset = Number(headers['x-ratelimit-reset']);
      if (Number.isFinite(reset)) return capped(Math.max(1, reset - Math.floor(now / 1000)), settings);
    }
    // A secondary limit without retry-after: GitHub asks for at least a minute.
    if (/secondary rate limit/i.test((error as ErrorShape).message ?? '')) return capped(60, settings);
    return undefined;
  }
  if (status !== undefined && status >= 500 && status !== 501) return settings.delays[attempt] ?? settings.delays[settings.delays.length - 1] ?? 0;
  return undefined;
}

function capped(seconds: number, settings: RetrySettings): number | undefined {
  return seconds <= settings.maxRetryAfterSeconds ? seconds * 1000 : undefined;
}

/**
 * Octokit plugin. Options: `appRetry` (partial RetrySettings). A request may lower its own number
 * of retries with `request: { retries: n }` (a POST that must not run twice, for example).
 */
export function retryPlugin(octokit: Octokit, options: OctokitOptions): void {
  const settings: RetrySettings = { ...DEFAULT_RETRY, ...(options.appRetry as Partial<RetrySettings> | undefined) };
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const limit = (requestOptions.request as { retries?: number } | undefined)?.retries ?? settings.delays.length;
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = attempt < limit ? retryDelay(error, attempt, settings) : undefined;
        if (wait === undefined) throw error;
        octokit.log.warn(`GitHub answered ${statusOf(error) ?? 'with an error'} to ${requestOptions.method} ${requestOptions.url}; retrying in ${Math.round(wait / 1000)} s`);
        await settings.sleep(wait);
      }
    }
  });
}
