/**
 * The service's durable queue (src/service: in process, or BullMQ on Redis) seen as the app's
 * TaskQueue, with the retry policy of the app: transient failures (GitHub answering 5xx while
 * the installation token is fetched, Redis blips) retry with backoff; the last failure completes
 * the check run (TaskRunner.failed).
 */
import type { RunningJob, WorkQueue } from '../service/queue.js';
import { isAppTask, type AppTask, type TaskSpec } from './jobs.js';
import type { RunningTask, TaskQueue, TaskRunner } from './task-queue.js';

export const ATTEMPTS = 3;
export const BACKOFF_MS = 5_000;

export function serviceQueue(queue: WorkQueue, concurrency: number): TaskQueue {
  return {
    add: (spec: TaskSpec) => queue.add({ ...spec, data: { ...spec.data } }),
    process(runner: TaskRunner) {
      queue.process((job) => runner.run(task(job)), {
        concurrency, attempts: ATTEMPTS, backoffMs: BACKOFF_MS,
        onFailed: (job, error) => runner.failed(task(job), error),
      });
    },
  };
}

function task(job: RunningJob): RunningTask {
  if (!isAppTask(job.data)) throw new Error(`job ${job.id} holds no task this version knows`);
  return {
    id: job.id, group: job.group, data: job.data, attempt: job.attempt,
    update: (data: AppTask) => job.update({ ...data }),
    superseded: () => job.superseded(),
  };
}
