/** The queue's settings from the environment, and how its errors reach the log. */
import { describe, expect, test } from '@jest/globals';
import { quietly } from '../../src/app/service.js';
import { createQueue } from '../../src/service/create-queue.js';

describe('createQueue', () => {
  test('QUEUE_LOCK_MS must be a whole number of at least 100 milliseconds', () => {
    for (const bad of ['abc', '50', '1.5', '-1']) {
      expect(() => createQueue({ REDIS_URL: 'redis://127.0.0.1:1', QUEUE_LOCK_MS: bad })).toThrow(/QUEUE_LOCK_MS/);
    }
  });

  test('without REDIS_URL the queue is in process, whatever QUEUE_LOCK_MS says', () => {
    expect(createQueue({ QUEUE_LOCK_MS: 'abc' }).kind).toBe('memory');
  });
});

describe('quietly', () => {
  test('logs a repeated message once per window, then says how often it came meanwhile', () => {
    let now = 0;
    const lines: string[] = [];
    const report = quietly((m) => lines.push(m), 30_000, () => now);
    report(new Error('connect ECONNREFUSED'));
    report(new Error('connect ECONNREFUSED'));
    report(new Error('connect ECONNREFUSED'));
    report(new Error('another'));
    now = 31_000;
    report(new Error('connect ECONNREFUSED'));
    expect(lines).toEqual(['connect ECONNREFUSED', 'another', 'connect ECONNREFUSED (2 more time(s) in the last 30 s)']);
  });
});
