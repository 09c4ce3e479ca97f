/** Chooses the work queue: Redis when REDIS_URL is set (several replicas), in process otherwise. */
import { createMemoryQueue } from './memory-queue.js';
import type { WorkQueue } from './queue.js';
import { createRedisQueue } from './redis-queue.js';

export function createQueue(env: Record<string, string | undefined> = process.env): WorkQueue {
  const url = env.REDIS_URL?.trim();
  return url ? createRedisQueue(url) : createMemoryQueue();
}
