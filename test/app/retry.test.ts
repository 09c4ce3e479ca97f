import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RETRY, retryDelay } from '../../src/github/retry.js';

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
    expect(retryDelay(error(403, {}, 'Resource not accessible by integration'), 0, DEFAULT_RETRY)).toBeUndefined();
  });
});
