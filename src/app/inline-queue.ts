/**
 * The simplest queue: a job runs in the caller's own call, to its end. Tests and the demo use it,
 * so that a delivered webhook has been fully handled when `receive` returns. It keeps the
 * queue's promises that matter to correctness: a job id seen within the last hour is joined
 * (redeliveries), and jobs of one group never overlap in this process.
 */
import { withLock } from './lock.js';
import type { TaskSpec } from './jobs.js';
import type { TaskQueue, TaskRunner } from './task-queue.js';

const KEEP_MS = 60 * 60 * 1000;

export class InlineQueue implements TaskQueue {
  private readonly seen = new Map<string, number>();
  private runner?: TaskRunner;

  process(runner: TaskRunner): void {
    this.runner = runner;
  }

  async add(spec: TaskSpec): Promise<{ added: boolean }> {
    const now = Date.now();
    for (const [id, at] of this.seen) if (now - at > KEEP_MS) this.seen.delete(id);
    if (this.seen.has(spec.id)) return { added: false };
    this.seen.set(spec.id, now);
    const runner = this.runner;
    if (!runner) throw new Error('no worker: process() was not called');
    let data = spec.data;
    await withLock(spec.group, () => runner.run({
      id: spec.id, group: spec.group, data, attempt: 1,
      update: async (next) => void (data = next),
      superseded: async () => false,
    }).catch((error: Error) => runner.failed({ id: spec.id, group: spec.group, data, attempt: 1, update: async () => undefined, superseded: async () => false }, error)));
    return { added: true };
  }
}
