/** What the app needs of a queue (src/service has the durable ones; src/app/inline-queue.ts the inline one). */
import type { AppTask, TaskSpec } from './jobs.js';

export interface RunningTask {
  id: string;
  group: string;
  data: AppTask;
  attempt: number;
  update(data: AppTask): Promise<void>;
  superseded(): Promise<boolean>;
}

export interface TaskRunner {
  run(job: RunningTask): Promise<void>;
  /** The job failed its last attempt. */
  failed(job: RunningTask, error: Error): Promise<void>;
}

export interface TaskQueue {
  add(spec: TaskSpec): Promise<{ added: boolean }>;
  process(runner: TaskRunner): void;
}

/** What became of a webhook: a job queued, joined to an existing one, or nothing to do. */
export type Outcome = 'queued' | 'joined' | 'ignored';

export function outcomeOf(results: ReadonlyArray<{ added: boolean }>): Outcome {
  if (results.length === 0) return 'ignored';
  return results.some((r) => r.added) ? 'queued' : 'joined';
}
