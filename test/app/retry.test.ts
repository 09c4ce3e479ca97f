import { describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/core';
import { describeError } from '../../src/github/client.js';
import { DEFAULT_RETRY, RateLimitedError, retryDelay, retryPlugin } from '../../src/github/retry.js';

const error = (status: number, headers: Record<string, string> = {}, message = '') => ({ status, message, response: { headers } });

describe('when to retry a GitHub request', () => {
  test('server errors wait longer each time; 501 and client errors are not retried', () => {
    expect([0, 1, 2].map((a) => retryDelay(error(502), a, DEFAULT_RETRY))).toEqual([1000, 3000, 9000]);
    expect(retryDelay(error(501), 0, DEFAULT_RETRY)).toBeUndefined();
    expect(retryDelay(error(404), 0, DEFAULT_RETRY)).toBeUndefined();
    expect(retryDelay(error(422), 0, DEFAULT_RETRY)).toBeUndefined();
    expect(retryDelay(new Error('no status'), 0, DEFAULT_RETRY)).toBeUndefined();
  });

  test('rate limits wait as GitHub says, up to a minute', () => {
    expect(retryDelay(error(429, { 'retry-after': '30' }), 0, DEFAULT_RETRY)).toBe(30_000);
    expect(retryDelay(error(403, { 'retry-after': '3600' }), 0, DEFAULT_RETRY)).toBeUndefined();
    expect(retryDelay(error(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }), 0, DEFAULT_RETRY, 1_000_000)).toBe(10_000);
    expect(retryDelay(error(403, {}, 'You have exceeded a secondary rate limit'), 0, DEFAULT_RETRY)).toBe(60_000);
    // A 429 that names no time: GitHub asks for at least a minute.
    expect(retryDelay(error(429), 0, DEFAULT_RETRY)).toBe(60_000);
    expect(retryDelay(error(403, {}, 'Resource not accessible by integration'), 0, DEFAULT_RETRY)).toBeUndefined();
  });
});

type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'timeout';

/** An Octokit with the retry plugin whose requests get `answers` in turn; records sends and waits. */
function client(answers: Answer[], options: { nested?: boolean } = {}) {
  const sent: string[] = [];
  const waits: number[] = [];
  const fetch = async (url: string | URL, init?: { method?: string }): Promise<Response> => {
    sent.push(`${init?.method ?? 'GET'} ${new URL(String(url)).pathname}`);
    const answer = answers.shift() ?? { status: 200, body: '{"ok":true}' };
    if (answer === 'timeout') throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ETIMEDOUT 140.82.112.6:443'), { code: 'ETIMEDOUT' }) });
    return new Response(answer.body ?? '{"message":"x"}', { status: answer.status, headers: { 'content-type': 'application/json; charset=utf-8', ...answer.headers } });
  };
  // An auth hook that first asks for a token, as the installation auth does (inside the plugin).
  const authStrategy = () => Object.assign(async () => ({ type: 'token' }), {
    hook: async (request: typeof Octokit.prototype.request, route: string, parameters?: Record<string, unknown>) => {
      await request('POST /app/installations/{id}/access_tokens', { id: 1 });
      return request(route as never, parameters as never);
    },
  });
  const Client = Octokit.plugin(retryPlugin);
  const octokit = new Client({
    request: { fetch }, ...(options.nested ? { authStrategy } : {}),
    appRetry: { sleep: async (ms: number) => void waits.push(ms) },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return { octokit, sent, waits };
}

const LIMITED = { status: 403, headers: { 'retry-after': '7' }, body: '{"message":"You have exceeded a secondary rate limit."}' };
const review = (octokit: Octokit) => octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner: 'o', repo: 'r', pull_number: 1, body: 'b', request: { retries: 0 } });

describe('the retry plugin', () => {
  test('a write that allows no blind retry is still retried after a rate limit: GitHub created nothing', async () => {
    const { octokit, sent, waits } = client([LIMITED, { status: 429 }]);
    await review(octokit);
    expect(sent).toHaveLength(3);
    expect(waits).toEqual([7000, 60_000]);
  });

  test('…but never after a server error or a timeout, where GitHub may have done it', async () => {
    for (const answer of [{ status: 502 }, 'timeout'] as const) {
      const { octokit, sent, waits } = client([answer]);
      await expect(review(octokit)).rejects.toMatchObject({ status: answer === 'timeout' ? 500 : 502 });
      expect(sent).toHaveLength(1);
      expect(waits).toEqual([]);
    }
  });

  test('a rate limit longer than a job waits fails at once with a RateLimitedError that says until when', async () => {
    const { octokit, sent, waits } = client([{ status: 403, headers: { 'retry-after': '3600' }, body: '{"message":"You have exceeded a secondary rate limit."}' }]);
    const failure = await review(octokit).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RateLimitedError);
    expect(failure).toMatchObject({ status: 403 });
    expect((failure as RateLimitedError).retryAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(describeError(failure)).toMatch(/^GitHub's rate limit was reached \(GitHub answered 403 to POST \/repos\/o\/r\/pulls\/1\/reviews and asks to wait 60 min, until (?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC\)$/);
    expect(sent).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  test('rate-limit retries are bounded: after three waits the request fails', async () => {
    const { octokit, sent, waits } = client([LIMITED, LIMITED, LIMITED, LIMITED, LIMITED]);
    await expect(review(octokit)).rejects.toBeInstanceOf(RateLimitedError);
    expect(sent).toHaveLength(4);
    expect(waits).toEqual([7000, 7000, 7000]);
  });

  test('an answer cut off mid-way is a 502 (not data), retried where retries are allowed', async () => {
    const cut = { status: 200, body: '{"total_count": 3, "check_ru' };
    const { octokit, sent } = client([cut, cut, cut, cut]);
    const failure = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: 'o', repo: 'r', pull_number: 1 }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 502 });
    expect(describeError(failure)).toBe("GitHub's answer to GET /repos/o/r/pulls/1/files was cut off or is not valid JSON after 4 attempts");
    expect(sent).toHaveLength(4);
    const again = client([cut]);
    await expect(again.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: 'o', repo: 'r', pull_number: 1 })).resolves.toMatchObject({ data: { ok: true } });
  });

  test('a request made on the way (the installation token) is retried where it is made, not again around it', async () => {
    const { octokit, sent } = client([{ status: 500 }], { nested: true });
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })).rejects.toMatchObject({ status: 500 });
    // The token request failed inside the hook, which has no retry of its own here: one send only.
    expect(sent).toEqual(['POST /app/installations/1/access_tokens']);
  });

  test('what people read about a failure: the answer, the request and the attempts; a request that got no answer says so', async () => {
    const { octokit } = client(['timeout', 'timeout', 'timeout', 'timeout']);
    const failure = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: 'o', repo: 'r', pull_number: 1 }).catch((e: unknown) => e);
    expect(describeError(failure)).toBe('GitHub did not answer GET /repos/o/r/pulls/1/files (connect ETIMEDOUT 140.82.112.6:443) after 4 attempts');
    const gone = client([{ status: 404, body: '{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}' }]);
    const notFound = await gone.octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' }).catch((e: unknown) => e);
    expect(describeError(notFound)).toBe('GitHub answered 404 (Not Found) to GET /repos/o/r');
  });
});
