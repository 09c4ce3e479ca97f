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
