/**
 * The work queue on Redis (BullMQ on ioredis), shared by every replica of the service.
 *
 * - Dedup: BullMQ's custom `jobId` (adding an existing id is a no-op); a nonce stored in the job
 *   tells whether this add created it. Completed jobs stay (`removeOnComplete: {age}`) for the keep
 *   window; a failed or expired one is removed and added again, under a short Redis mutex.
 * - Supersede: a sequence number per job (INCR) and, per group, the number of the newest
 *   superseding job (raised by a Lua script); a job with a smaller number is superseded.
 * - One at a time per group: a lock per group (SET NX PX + token-checked Lua renew/release),
 *   renewed while the job runs. A job whose group is busy is moved back to delayed with
 *   `job.moveToDelayed(ts, token)` + `DelayedError` (BullMQ skips the attempt count for it).
 * - Retries: counted by the queue itself in the job (attempt, persisted before the handler
 *   runs, so a crash counts too), delayed with `moveToDelayed` + `DelayedError`; BullMQ's own
 *   `attempts` stays 1 so the last failure moves the job to the failed set once.
 * - Crash takeover: BullMQ's job lock (`lockDuration`) and stalled-job check (`stalledInterval`)
 *   move a job whose worker died back to wait; the group lock expires after the same time.
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
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

export interface RedisQueueOptions {
  /** BullMQ queue name. */
  name?: string;
  /** Key prefix of every key of the queue. */
  prefix?: string;
  /** Lock time of a running job (BullMQ's job lock and the group lock): a dead worker's job is taken over after about this long. */
  lockMs?: number;
  /** How often workers look for jobs whose worker died (BullMQ's stalled-job check). */
  stalledIntervalMs?: number;
  /** How long a finished job still deduplicates adds with its id. */
  keepFinishedMs?: number;
  /** How long a job waits before it looks again at a busy group. */
  groupRetryMs?: number;
  /** Reports errors the queue cannot hand to anyone (connection errors, onFailed throwing). */
  onError?: (error: Error) => void;
}

/** What BullMQ stores as the job's data: the app's data plus the queue's own bookkeeping. */
interface Envelope {
  id: string;
  group: string;
  /** Order of adding across replicas (INCR): a supersede marks every smaller number of its group. */
  seq: number;
  /** Unique per add() call: tells whether the stored job is the one this call added. */
  nonce: string;
  /** Attempts started so far. */
  attempt: number;
  data: JobData;
}

/** A job this replica is running. */
interface Run {
  job: Job<Envelope>;
  envelope: Envelope;
  token: string;
  group: string;
  lockToken: string;
  renewal: NodeJS.Timeout;
  /** Given back to the queue by close() or dropped by crash(): its outcome no longer counts. */
  released: boolean;
}

const JOB_NAME = 'job';
/** Failed jobs stay this long for inspection and the failed count (they do not dedup). */
const KEEP_FAILED_S = 24 * 60 * 60;

/** Raises the group's newest-superseding number, never lowers it (adds race across replicas). */
const RAISE_NEWEST = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 0`;
/** Extends the group lock if it is still ours, or takes it again if it lapsed meanwhile. */
const RENEW_LOCK = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] or not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
/** Deletes the group lock only if it is ours: an expired lock may already belong to another job. */
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export function createRedisQueue(url: string, options: RedisQueueOptions = {}): RedisWorkQueue {
  return new RedisWorkQueue(url, options);
}

export class RedisWorkQueue implements WorkQueue {
  readonly kind = 'redis' as const;
  private readonly keepFinishedMs: number;
  private readonly lockMs: number;
  private readonly stalledIntervalMs: number;
  private readonly groupRetryMs: number;
  private readonly onError: (error: Error) => void;
  private readonly keyBase: string;
  /** Adds and reads: gives up after a few reconnection tries when Redis is away (the webhook handler then answers 5xx and GitHub may redeliver) instead of waiting forever. */
  private readonly client: Redis;
  /** The worker's connection (BullMQ requires maxRetriesPerRequest: null) and group locks. */
  private readonly workerClient: Redis;
  private readonly queue: Queue<Envelope>;
  private readonly name: string;
  private readonly prefix: string;
  private worker: Worker<Envelope> | undefined;
  private readonly runs = new Set<Run>();
  private closing = false;
  private closed: Promise<void> | undefined;

  constructor(url: string, options: RedisQueueOptions) {
    this.name = options.name ?? 'reviews';
    this.prefix = options.prefix ?? 'k8s-antipatterns';
    this.keepFinishedMs = options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS;
    this.lockMs = options.lockMs ?? 30_000;
    this.stalledIntervalMs = options.stalledIntervalMs ?? 30_000;
    this.groupRetryMs = options.groupRetryMs ?? 1_000;
    this.onError = options.onError ?? ((error) => console.error('work queue:', error));
    this.keyBase = `${this.prefix}:${this.name}:x`;
    this.client = new Redis(url, { maxRetriesPerRequest: 2 });
    this.workerClient = new Redis(url, { maxRetriesPerRequest: null });
    // Without listeners ioredis reports connection errors as unhandled 'error' events.
    this.client.on('error', this.onError);
    this.workerClient.on('error', this.onError);
    this.queue = new Queue<Envelope>(this.name, { connection: this.client, prefix: this.prefix });
    this.queue.on('error', this.onError);
  }

  async add(spec: JobSpec): Promise<{ added: boolean }> {
    if (this.closing) throw new Error('work queue is closed');
    const jobId = bullJobId(spec.id);
    const mutexKey = `${this.keyBase}:readd:${jobId}`;
    let replacing = false;
    try {
      return await this.addOnce(spec, jobId, mutexKey, () => (replacing = true));
    } finally {
      if (replacing) await this.client.del(mutexKey).catch(this.onError);
    }
  }

  private async addOnce(spec: JobSpec, jobId: string, mutexKey: string, replacing: () => void): Promise<{ added: boolean }> {
    // Two rounds at most: the second follows the removal of a failed or expired job.
    for (let round = 0; round < 2; round++) {
      const envelope: Envelope = {
        id: spec.id,
        group: spec.group,
        seq: await this.client.incr(`${this.keyBase}:seq`),
        nonce: randomUUID(),
        attempt: 0,
        data: spec.data,
      };
      await this.queue.add(JOB_NAME, envelope, {
        jobId,
        attempts: 1,
        removeOnComplete: { age: Math.ceil(this.keepFinishedMs / 1000) },
        removeOnFail: { age: KEEP_FAILED_S },
      });
      const stored = await this.queue.getJob(jobId);
      // Gone already (finished and evicted in between): it was ours, and it ran.
      if (!stored || stored.data.nonce === envelope.nonce) {
        if (spec.supersedes) {
          await this.client.eval(RAISE_NEWEST, 1, this.newestKey(spec.group), envelope.seq, newestTtlMs(this.keepFinishedMs));
        }
        return { added: true };
      }
      if (!(await this.replaceable(stored))) return { added: false };
      // One replica replaces it; a concurrent add of the same id joins that replacement.
      // (The mutex expires by itself should this replica die meanwhile.)
      if ((await this.client.set(mutexKey, '1', 'PX', 10_000, 'NX')) !== 'OK') return { added: false };
      replacing();
      await stored.remove();
    }
    return { added: false };
  }

  process(handler: (job: RunningJob) => Promise<void>, options: ProcessOptions): void {
    if (this.worker) throw new Error('process() was already called on this queue');
    if (this.closing) throw new Error('work queue is closed');
    this.worker = new Worker<Envelope>(this.name, (job, token) => this.runJob(job, token, handler, options), {
      connection: this.workerClient,
      prefix: this.prefix,
      concurrency: options.concurrency,
      lockDuration: this.lockMs,
      stalledInterval: this.stalledIntervalMs,
      // Our attempt counter (persisted at each start) decides when a job is given up, and calls
      // onFailed; BullMQ's stall limit must not fail a job before that, silently.
      maxStalledCount: options.attempts + 1,
    });
    this.worker.on('error', this.onError);
  }

  ready(): boolean {
    return !this.closing && this.client.status === 'ready' && this.workerClient.status === 'ready';
  }

  async counts(): Promise<QueueCounts> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    return {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
    };
  }

  close(timeoutMs: number): Promise<void> {
    this.closed ??= this.shutdown(timeoutMs);
    return this.closed;
  }

  /**
   * Test hook: drops this replica's Redis connections at once, without finishing or handing back
   * its running jobs, as a killed process would. Other replicas take those jobs over once the
   * locks expire.
   */
  async crash(): Promise<void> {
    this.closing = true;
    for (const run of this.runs) this.forget(run);
    this.workerClient.disconnect();
    this.client.disconnect();
    // Stops BullMQ's timers (lock renewal, stalled check) without touching the jobs.
    await this.worker?.close(true).catch(() => undefined);
    this.closed = Promise.resolve();
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (worker) {
      // Stop fetching; the running jobs go on.
      await worker.pause(true).catch(this.onError);
      await this.whenIdle(timeoutMs);
      // Forced: handlers still running must not be awaited. Closed before the hand-back: a paused
      // Worker whose blocking wait wakes up still fetches one job, and would take back our own.
      await worker.close(true).catch(this.onError);
      // Hand the rest back now rather than after the lock expiry: another replica takes them.
      await Promise.all([...this.runs].map((run) => this.handBack(run)));
    }
    await this.queue.close().catch(this.onError);
    await Promise.all([this.client.quit().catch(() => undefined), this.workerClient.quit().catch(() => undefined)]);
  }

  private async handBack(run: Run): Promise<void> {
    this.forget(run);
    try {
      // Through the Queue's connection: the closed Worker's may be gone.
      const job = await this.queue.getJob(run.job.id ?? '');
      // A shutdown is not the job's fault: the interrupted attempt does not count.
      run.envelope.attempt -= 1;
      await job?.updateData(run.envelope);
      await job?.moveToWait(run.token);
    } catch (error) {
      // Not fatal: the job stalls, and another replica takes it over after the lock expiry.
      this.onError(asError(error));
    }
    await this.releaseGroup(run.group, run.lockToken);
  }

  private async whenIdle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.runs.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, timeoutMs)));
    }
  }

  private async runJob(
    job: Job<Envelope>,
    token: string | undefined,
    handler: (job: RunningJob) => Promise<void>,
    options: ProcessOptions,
  ): Promise<void> {
    // The Worker always passes the lock token to a function processor.
    if (token === undefined) throw new Error('BullMQ gave no lock token');
    const envelope = job.data;
    // Skipped, not run: a newer job of its group covers it. Completed, so its id still dedups.
    if (await this.isSuperseded(envelope)) return;
    const lockToken = randomUUID();
    const lockKey = this.lockKey(envelope.group);
    const locked = await this.workerClient.set(lockKey, lockToken, 'PX', this.lockMs, 'NX');
    if (locked !== 'OK') {
      // The group is busy: look again shortly. moveToDelayed does not count an attempt.
      await job.moveToDelayed(Date.now() + jitter(this.groupRetryMs), token);
      throw new DelayedError();
    }
    const run: Run = {
      job,
      envelope,
      token,
      group: envelope.group,
      lockToken,
      released: false,
      renewal: setInterval(() => {
        this.workerClient.eval(RENEW_LOCK, 1, lockKey, lockToken, this.lockMs).catch(this.onError);
      }, Math.max(10, Math.floor(this.lockMs / 3))),
    };
    this.runs.add(run);
    try {
      envelope.attempt += 1;
      // Persisted before the handler runs, so an attempt whose worker dies counts too.
      await job.updateData(envelope);
      const running = this.runningJob(job, envelope);
      let failure: Error;
      if (envelope.attempt > options.attempts) {
        failure = new Error(`the worker running attempt ${envelope.attempt - 1} of job ${envelope.id} was lost`);
      } else {
        try {
          await handler(running);
          if (run.released) throw new DelayedError();
          return;
        } catch (thrown) {
          if (run.released) throw new DelayedError();
          failure = asError(thrown);
        }
        if (envelope.attempt < options.attempts) {
          await job.moveToDelayed(Date.now() + retryDelay(options.backoffMs, envelope.attempt), token);
          throw new DelayedError();
        }
      }
      // The group stays locked until onFailed is done: the next job of the pull request must not
      // race the neutral completion of this one's check run.
      await Promise.resolve()
          .then(() => options.onFailed(running, failure))
          .catch((e: unknown) => this.onError(asError(e)));
      throw failure;
    } finally {
      if (!run.released) {
        this.forget(run);
        await this.releaseGroup(envelope.group, lockToken);
      }
    }
  }

  private runningJob(job: Job<Envelope>, envelope: Envelope): RunningJob {
    const running: RunningJob = {
      id: envelope.id,
      group: envelope.group,
      data: envelope.data,
      attempt: envelope.attempt,
      update: async (data) => {
        envelope.data = jsonCopy(data);
        running.data = envelope.data;
        await job.updateData(envelope);
      },
      superseded: () => this.isSuperseded(envelope),
    };
    return running;
  }

  private forget(run: Run): void {
    run.released = true;
    clearInterval(run.renewal);
    this.runs.delete(run);
  }

  private async isSuperseded(envelope: Envelope): Promise<boolean> {
    const newest = await this.client.get(this.newestKey(envelope.group));
    return newest !== null && Number(newest) > envelope.seq;
  }

  /** A failed job, or a completed one older than the keep window (BullMQ evicts lazily), may be added again. */
  private async replaceable(stored: Job<Envelope>): Promise<boolean> {
    const state = await stored.getState();
    if (state === 'failed') return true;
    return state === 'completed' && stored.finishedOn !== undefined && Date.now() - stored.finishedOn >= this.keepFinishedMs;
  }

  private async releaseGroup(group: string, lockToken: string): Promise<void> {
    await this.workerClient.eval(RELEASE_LOCK, 1, this.lockKey(group), lockToken).catch(this.onError);
  }

  private lockKey(group: string): string {
    return `${this.keyBase}:lock:${group}`;
  }

  private newestKey(group: string): string {
    return `${this.keyBase}:newest:${group}`;
  }
}

/** BullMQ rejects custom ids that are integers or contain ':'; the app's ids may be either. */
function bullJobId(id: string): string {
  return `j.${encodeURIComponent(id)}`;
}

/** The newest-superseding mark outlives every job it could concern (queued or kept). */
function newestTtlMs(keepFinishedMs: number): number {
  return Math.max(keepFinishedMs, 24 * 60 * 60 * 1000);
}

/** Spreads the retries of jobs that found the same group busy. */
function jitter(ms: number): number {
  return Math.round(ms * (0.75 + Math.random() * 0.5));
}
