/**
 * The in-process work queue: the default when REDIS_URL is unset (one replica). Same semantics as
 * the Redis queue within one process; nothing survives a restart.
 */
import {
  DEFAULT_KEEP_FINISHED_MS,
  asError,
  jsonCopy,
  retryDelay,
  type JobData,
  type JobSpec,
  type ProcessOptions,
  type QueueCounts,
  type RunningJob,
  type WorkQueue,
} from './queue.js';

export interface MemoryQueueOptions {
  /** How long a finished job still deduplicates adds with its id. */
  keepFinishedMs?: number;
  /** Reports errors the queue cannot hand to anyone (onFailed throwing). */
  onError?: (error: Error) => void;
}

type State = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

interface Entry {
  id: string;
  group: string;
  /** Order of adding: a supersede marks every older job of its group. */
  seq: number;
  data: JobData;
  state: State;
  /** Attempts started so far. */
  attempt: number;
  /** A delayed job (retry backoff) runs from then on. */
  readyAt: number;
  finishedAt: number;
}

type Handler = (job: RunningJob) => Promise<void>;

export function createMemoryQueue(options: MemoryQueueOptions = {}): WorkQueue {
  return new MemoryQueue(options);
}

class MemoryQueue implements WorkQueue {
  readonly kind = 'memory' as const;
  private readonly keepFinishedMs: number;
  private readonly onError: (error: Error) => void;
  /** By id; Map order is the order of adding, so jobs run first come first served. */
  private readonly jobs = new Map<string, Entry>();
  /** Sequence number of the newest superseding job of each group. */
  private readonly newest = new Map<string, number>();
  private readonly busyGroups = new Set<string>();
  /** One timer for the earliest delayed job (a retry's backoff). */
  private wakeTimer: NodeJS.Timeout | undefined;
  private readonly idleWaiters = new Set<() => void>();
  private seq = 0;
  private active = 0;
  private closing = false;
  private pumpScheduled = false;
  private handler: Handler | undefined;
  private options: ProcessOptions | undefined;

  constructor(options: MemoryQueueOptions) {
    this.keepFinishedMs = options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS;
    this.onError = options.onError ?? ((error) => console.error('work queue:', error));
  }

  async add(spec: JobSpec): Promise<{ added: boolean }> {
    if (this.closing) throw new Error('work queue is closed');
    const now = Date.now();
    this.prune(now);
    const existing = this.jobs.get(spec.id);
    // A failed job (or one finished longer ago than the keep window, already pruned) may be added
    // again: a redelivery after a failure deserves another try.
    if (existing && existing.state !== 'failed') return { added: false };
    // Delete first so a re-added id moves to the end of the Map's order.
    this.jobs.delete(spec.id);
    const seq = ++this.seq;
    this.jobs.set(spec.id, {
      id: spec.id,
      group: spec.group,
      seq,
      data: jsonCopy(spec.data),
      state: 'waiting',
      attempt: 0,
      readyAt: now,
      finishedAt: 0,
    });
    if (spec.supersedes) this.newest.set(spec.group, seq);
    this.schedulePump();
    return { added: true };
  }

  process(handler: Handler, options: ProcessOptions): void {
    if (this.handler) throw new Error('process() was already called on this queue');
    this.handler = handler;
    this.options = options;
    this.schedulePump();
  }

  ready(): boolean {
    return !this.closing;
  }

  async counts(): Promise<QueueCounts> {
    const counts: QueueCounts = { waiting: 0, active: 0, delayed: 0, failed: 0 };
    for (const entry of this.jobs.values()) {
      if (entry.state !== 'completed') counts[entry.state]++;
    }
    return counts;
  }

  async close(timeoutMs: number): Promise<void> {
    this.closing = true;
    clearTimeout(this.wakeTimer);
    if (this.active === 0) return;
    // Running handlers cannot be stopped from here: after the timeout they are abandoned (the
    // process is about to exit; nothing of an in-process queue survives it anyway).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.idleWaiters.add(done);
    });
    this.idleWaiters.clear();
  }

  private isSuperseded(entry: Entry): boolean {
    return (this.newest.get(entry.group) ?? 0) > entry.seq;
  }

  /** Forgets finished jobs older than the keep window, so memory stays bounded. */
  private prune(now: number): void {
    for (const [id, entry] of this.jobs) {
      const finished = entry.state === 'completed' || entry.state === 'failed';
      if (finished && now - entry.finishedAt >= this.keepFinishedMs) this.jobs.delete(id);
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // Batched on the next turn: several adds in a row cost one scan.
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const { handler, options } = this;
    if (!handler || !options || this.closing) return;
    const now = Date.now();
    let wakeAt = Infinity;
    for (const entry of this.jobs.values()) {
      if (entry.state === 'delayed') {
        if (entry.readyAt <= now) entry.state = 'waiting';
        else wakeAt = Math.min(wakeAt, entry.readyAt);
      }
      if (entry.state !== 'waiting' || this.active >= options.concurrency) continue;
      if (this.isSuperseded(entry)) {
        // Skipped, not run: a newer job of its group covers it. Completed, so its id still dedups.
        entry.state = 'completed';
        entry.finishedAt = now;
        continue;
      }
      // A busy group's job just stays waiting; the pump after the running job ends takes it.
      if (this.busyGroups.has(entry.group)) continue;
      void this.run(entry, handler, options);
    }
    // Re-armed on every scan: a timer may fire a little before Date.now() reaches readyAt.
    clearTimeout(this.wakeTimer);
    if (wakeAt !== Infinity) {
      this.wakeTimer = setTimeout(() => this.schedulePump(), Math.max(1, wakeAt - now));
      // A pending retry alone must not keep the process alive (close() clears it anyway).
      this.wakeTimer.unref();
    }
  }

  private async run(entry: Entry, handler: Handler, options: ProcessOptions): Promise<void> {
    entry.state = 'active';
    entry.attempt++;
    this.active++;
    this.busyGroups.add(entry.group);
    const job: RunningJob = {
      id: entry.id,
      group: entry.group,
      data: jsonCopy(entry.data),
      attempt: entry.attempt,
      update: async (data) => {
        entry.data = jsonCopy(data);
        job.data = jsonCopy(data);
      },
      superseded: async () => this.isSuperseded(entry),
    };
    try {
      await handler(job);
      entry.state = 'completed';
      entry.finishedAt = Date.now();
    } catch (thrown) {
      const error = asError(thrown);
      if (entry.attempt < options.attempts) {
        entry.state = 'delayed';
        entry.readyAt = Date.now() + retryDelay(options.backoffMs, entry.attempt);
      } else {
        entry.state = 'failed';
        entry.finishedAt = Date.now();
        // The group stays busy until onFailed is done: the next job of the pull request must not
        // race the neutral completion of this one's check run.
        await Promise.resolve()
          .then(() => options.onFailed(job, error))
          .catch((e: unknown) => this.onError(asError(e)));
      }
    } finally {
      this.busyGroups.delete(entry.group);
      this.active--;
      if (this.active === 0) for (const resolve of this.idleWaiters) resolve();
      this.schedulePump();
    }
  }
}
