/**
 * Chooses the work queue: Redis when REDIS_URL is set (several replicas), in process otherwise.
 *
 * QUEUE_LOCK_MS (optional, Redis only; default 30000): how long a running job's locks last
 * without renewal, so about how long after a replica dies its job is taken over by another.
 * Workers also look for such jobs at this interval. Renewals run at a third of it: values below
 * a few seconds suit tests (the replica test uses it), not production, where a long GC pause or
 * a slow Redis would then pass a live job to a second replica.
 */
import { createMemoryQueue } from './memory-queue.js';
import type { WorkQueue } from './queue.js';
import { createRedisQueue } from './redis-queue.js';

export interface CreateQueueOptions {
  /** Errors the Redis queue cannot hand to anyone (connection errors...): the app logs them. */
  onError?: (error: Error) => void;
}

export function createQueue(env: Record<string, string | undefined> = process.env, options: CreateQueueOptions = {}): WorkQueue {
  const url = env.REDIS_URL?.trim();
  if (!url) return createMemoryQueue();
  const lockMs = lockOverride(env.QUEUE_LOCK_MS);
  return createRedisQueue(url, {
    ...(lockMs !== undefined ? { lockMs, stalledIntervalMs: lockMs } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}

function lockOverride(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 100) throw new Error(`QUEUE_LOCK_MS must be a whole number of milliseconds, at least 100 (got "${raw}").`);
  return value;
}
