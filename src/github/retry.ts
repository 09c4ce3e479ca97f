/**
 * Retries GitHub requests where GitHub says to: server errors (5xx) with growing waits, and rate
 * limits after the `retry-after` (or `x-ratelimit-reset`) that GitHub sends.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 *
 * Two budgets per request:
 * - Server errors, timeouts and answers that cannot be read (a cut-off JSON body is reported as a
 *   502): `delays.length` retries, fewer when the request says `request: { retries: n }`. Writes
 *   that must not happen twice (a review, a reply, a check run) say `retries: 0`: GitHub may have
 *   done the work before the answer was lost, so their callers look before writing again.
 * - Rate limits (403 or 429 with rate-limit evidence: `retry-after`, `x-ratelimit-remaining: 0`,
 *   or GitHub's message): GitHub did nothing, so every request is retried after the wait GitHub
 *   asks for, writes with `retries: 0` included, up to `rateLimitRetries` times.
 *
 * A wait longer than `maxRetryAfterSeconds` (a minute), or a limit that outlasts the retries, is
 * too long for a job: the request fails with a RateLimitedError that says until when. The choice,
 * documented: the job does not sleep and is not retried blindly by the queue (its backoff is
 * seconds, GitHub's limit may be an hour); the review completes its check run with what it has
 * and says, in one line, what was not done and after which time **Re-run** will do it.
 *
 * Errors of requests made on the way (the installation token, fetched by the auth hook inside
 * this request) are retried where they happen, not once more here.
 *
 * One plugin for every surface, so that the behaviour is the same in tests (where Probot's own
 * retry and throttling plugins are switched off) and in production (where they are disabled in
 * favour of this one, and throttling keeps only pacing writes).
 */
import type { Octokit } from '@octokit/core';
import type { OctokitOptions } from '@octokit/core/types';
import { pathOf, statusOf } from './client.js';

export interface RetrySettings {
  /** Waits before the 1st, 2nd, ... retry of a server error, in milliseconds. */
  delays: number[];
  /** The longest rate-limit wait we accept (seconds); longer ones fail the request with a RateLimitedError. */
  maxRetryAfterSeconds: number;
  /** Rate-limit retries of one request (after GitHub's wait each time). */
  rateLimitRetries: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetrySettings = {
  delays: [1000, 3000, 9000],
  maxRetryAfterSeconds: 60,
  rateLimitRetries: 3,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface ErrorShape {
  response?: { headers?: Record<string, string | number | undefined> };
  request?: { method?: string; url?: string };
  message?: string;
}

/**
 * The seconds GitHub asks us to wait when this error is a rate limit, or undefined when it is
 * not one (a 403 for a missing permission, say). A rate limit means GitHub did nothing.
 */
export function rateLimitSeconds(error: unknown, now = Date.now()): number | undefined {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return undefined;
  const headers = (error as ErrorShape).response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter;
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(reset)) return Math.max(1, reset - Math.floor(now / 1000));
  }
  // No time named (a 429, or a secondary limit's message): GitHub asks for at least a minute.
  if (status === 429 || /rate limit/i.test((error as ErrorShape).message ?? '')) return 60;
  return undefined;
}

/** How long to wait before retrying this error, or undefined when it must not be retried. */
export function retryDelay(error: unknown, attempt: number, settings: RetrySettings, now = Date.now()): number | undefined {
  const seconds = rateLimitSeconds(error, now);
  if (seconds !== undefined) return seconds <= settings.maxRetryAfterSeconds ? seconds * 1000 : undefined;
  const status = statusOf(error);
  if (status !== undefined && status >= 500 && status !== 501) return settings.delays[attempt] ?? settings.delays[settings.delays.length - 1] ?? 0;
  return undefined;
}

/**
 * A request GitHub refused for its rate limit for longer than a job waits. Keeps the status,
 * request and response of GitHub's answer; `rateLimit` is the sentence for people.
 */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  readonly status: number;
  readonly request: ErrorShape['request'];
  readonly response: ErrorShape['response'];
  /** When GitHub said it would take requests again, and that time for people (`14:32`, UTC). */
  readonly retryAt: Date;
  readonly until: string;
  readonly rateLimit: string;

  constructor(cause: unknown, seconds: number, now = Date.now()) {
    const status = statusOf(cause) ?? 429;
    const shape = cause as ErrorShape;
    const retryAt = new Date(now + seconds * 1000);
    const where = shape.request?.method && shape.request.url ? ` to ${shape.request.method} ${pathOf(shape.request.url)}` : '';
    const until = clock(retryAt, now);
    const sentence = `GitHub's rate limit was reached (GitHub answered ${status}${where} and asks to wait ${duration(seconds)}, until ${until} UTC)`;
    super(sentence, { cause });
    this.status = status;
    this.request = shape.request;
    this.response = shape.response;
    this.retryAt = retryAt;
    this.until = until;
    this.rateLimit = sentence;
  }
}

function duration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** `14:32` (UTC); the date too when it is not today. */
function clock(at: Date, now: number): string {
  const iso = at.toISOString();
  return new Date(now).toISOString().slice(0, 10) === iso.slice(0, 10) ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The media types Octokit parses as JSON (and hands back as text when that fails). */
function isJson(contentType: unknown): boolean {
  const type = typeof contentType === 'string' ? contentType.split(';')[0]!.trim().toLowerCase() : '';
  return type === 'application/json' || type === 'application/scim+json';
}

/**
 * Octokit hands back the raw text when a JSON body does not parse (an answer cut off on the
 * way): the caller would take it for data. It is an answer we cannot read: a 502.
 */
function unreadable(request: ErrorShape['request'], response: { url: string; headers: Record<string, string | number | undefined> }): Error {
  return Object.assign(new Error('the answer was cut off or is not valid JSON'), {
    status: 502, unreadable: true, request, response: { url: response.url, status: 502, headers: response.headers, data: '' },
  });
}

/**
 * Octokit plugin. Options: `appRetry` (partial RetrySettings). A request may lower its own number
 * of server-error retries with `request: { retries: n }` (a POST that must not run twice).
 */
export function retryPlugin(octokit: Octokit, options: OctokitOptions): void {
  const settings: RetrySettings = { ...DEFAULT_RETRY, ...(options.appRetry as Partial<RetrySettings> | undefined) };
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const serverRetries = (requestOptions.request as { retries?: number } | undefined)?.retries ?? settings.delays.length;
    let parsed: ErrorShape['request'];
    try {
      parsed = octokit.request.endpoint(requestOptions as never) as ErrorShape['request'];
    } catch {
      parsed = undefined;
    }
    let server = 0, limited = 0;
    for (let sent = 1; ; sent++) {
      try {
        const response = await request(requestOptions);
        if (response.status !== 204 && typeof response.data === 'string' && isJson(response.headers['content-type'])) throw unreadable(parsed, response);
        return response;
      } catch (error) {
        // An error of a request made on the way (the installation token) was retried there.
        const url = (error as ErrorShape).request?.url;
        if (url !== undefined && parsed?.url !== undefined && url !== parsed.url) throw error;
        const seconds = rateLimitSeconds(error);
        let wait: number | undefined;
        if (seconds !== undefined) {
          if (seconds > settings.maxRetryAfterSeconds || limited >= settings.rateLimitRetries) throw Object.assign(new RateLimitedError(error, seconds), { attempts: sent });
          limited++;
          wait = seconds * 1000;
        } else {
          wait = server < serverRetries ? retryDelay(error, server, settings) : undefined;
          server++;
        }
        if (wait === undefined) {
          if (error !== null && typeof error === 'object') Object.assign(error, { attempts: sent });
          throw error;
        }
        octokit.log.warn(`GitHub answered ${statusOf(error) ?? 'with an error'} to ${requestOptions.method} ${requestOptions.url}; retrying in ${Math.round(wait / 1000)} s`);
        await settings.sleep(wait);
      }
    }
  });
}
