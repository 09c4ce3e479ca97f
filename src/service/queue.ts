/**
 * The work queue of the service: the webhook handler records a job and answers at once; workers
 * (in this replica or another) run the review. One interface, two implementations: in process
 * (memory-queue.ts, one replica) and BullMQ on Redis (redis-queue.ts, several replicas).
 */

/** JSON-serialisable data of a job; the app defines the shapes. */
export type JobData = Record<string, unknown>;

export interface JobSpec {
  /** Deduplication key: a job with this id that is queued, running, or finished within `keepFinishedMs` is joined, not added again. */
  id: string;
  /** Jobs of one group (a pull request) never run at the same time, across all replicas. */
  group: string;
  /**
   * When set: this job becomes the newest of its group; every job of the group added before it
   * (with another id) is superseded: skipped when it comes up, and a running one sees
   * `superseded()` turn true. Jobs added later without the flag are not affected.
   */
  supersedes?: boolean;
  data: JobData;
}

export interface RunningJob {
  id: string;
  group: string;
  data: JobData;
  /** 1 for the first run, 2 for the first retry... */
  attempt: number;
  /** Persist updated data (e.g. the check run id created on the first attempt) so a retry or a takeover after a crash sees it. */
  update(data: JobData): Promise<void>;
  /** True once a newer job superseded this one (the app then stops publishing). */
  superseded(): Promise<boolean>;
}

export interface ProcessOptions {
  concurrency: number;
  /** Total attempts, including the first. */
  attempts: number;
  /** First retry delay; doubles each time. */
  backoffMs: number;
  /** Called once when a job has failed its last attempt (the app completes its check run neutral). */
  onFailed(job: RunningJob, error: Error): Promise<void>;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface WorkQueue {
  readonly kind: 'memory' | 'redis';
  /** Adds the job, or joins the existing one with the same id. */
  add(job: JobSpec): Promise<{ added: boolean }>;
  process(handler: (job: RunningJob) => Promise<void>, options: ProcessOptions): void;
  /** True when it can take work (Redis connected, not closing). */
  ready(): boolean;
  /** Counts for metrics. */
  counts(): Promise<QueueCounts>;
  /** Stops taking new jobs; waits up to timeoutMs for running ones; jobs still running then are handed back (Redis: another replica takes them over; memory: they are abandoned, and the promise resolves). */
  close(timeoutMs: number): Promise<void>;
}

/** How long a finished job still deduplicates adds with its id (GitHub redelivers for hours at most). */
export const DEFAULT_KEEP_FINISHED_MS = 60 * 60 * 1000;

/** Delay of the retry after `attempt` (1-based) failed: backoffMs, then doubling. */
export function retryDelay(backoffMs: number, attempt: number): number {
  return backoffMs * 2 ** Math.max(0, attempt - 1);
}

/** The error a handler threw, as an Error (handlers may throw anything). */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/** A deep copy through JSON, so the memory queue stores exactly what Redis would. */
export function jsonCopy(data: JobData): JobData {
  return JSON.parse(JSON.stringify(data)) as JobData;
}
