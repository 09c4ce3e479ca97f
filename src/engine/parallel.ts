/**
 * Streamed files reviewed on several threads: the calling thread is one lane, worker threads the
 * others. A lane takes the largest file left when it is free, so no lane ends with a big one. The
 * calling thread pauses between the windows of a large manifest to hand workers their next file
 * (it cannot while it runs); a worker gets a second file ahead only while many are left, so that
 * none holds back work at the end that an idle lane could do. Outcomes come back in job order.
 * Threads start only when asked (the CLI, for inputs large enough to repay their start-up).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config.js';
import type { FileJob, FileOutcome } from './file-pass.js';
import { pack, type PackedOutcome } from './packed.js';

/** What every worker needs before its first file: the config and the context files to parse. */
export interface ThreadSetup {
  config: Config;
  context: FileJob[];
  windowBytes: number;
}

export type ThreadReply = { index: number; outcome: PackedOutcome } | { index: number; error: string };

/** Below this many bytes of streamed files, starting threads costs more than it saves. */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
const MAX_LANES = 4;
/**
 * A worker's heap is capped so that its garbage is collected before the heap grows far (measured:
 * 20 to 40% less peak memory, no loss of speed). A large manifest's window makes a tree of a few
 * MB; a file read whole is at most 1 MiB, its tree about 30 MB. A worker that runs out of memory
 * anyway hands its files back to the calling thread.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 };

function sizeOf(job: FileJob): number {
  return job.bytes ?? job.source.text?.length ?? 0;
}

const WORKER_URL = new URL('./file-worker.js', import.meta.url);

/** The compiled worker exists next to this module (dist/); not when tests run the TypeScript sources. */
export function threadsAvailable(url: URL = WORKER_URL): boolean {
  return url.protocol === 'file:' && existsSync(fileURLToPath(url));
}

/** How many lanes to use: `threads` 1 (the default) or a number, or 'auto' (every core, for inputs of 2 MiB or more). */
export function lanesFor(jobs: readonly FileJob[], threads: number | 'auto' | undefined, url: URL = WORKER_URL): number {
  if (threads === undefined || threads === 1 || jobs.length < 2 || !threadsAvailable(url)) return 1;
  if (threads === 'auto') {
    let bytes = 0;
    for (const job of jobs) bytes += sizeOf(job);
    if (bytes < PARALLEL_MIN_BYTES) return 1;
    return Math.max(1, Math.min(availableParallelism(), MAX_LANES, jobs.length));
  }
  return Math.max(1, Math.min(Math.floor(threads), jobs.length));
}

export async function passInThreads(
  jobs: readonly FileJob[], setup: ThreadSetup, lanes: number, local: (job: FileJob, pause: () => Promise<void>) => Promise<FileOutcome>,
  sendable: (job: FileJob) => FileJob = (job) => job, url: URL = WORKER_URL,
): Promise<PackedOutcome[]> {
  const out = new Array<PackedOutcome>(jobs.length);
  // Largest files first, so that no lane is left with a big one at the end.
  const order = jobs.map((_, index) => index).sort((a, b) => sizeOf(jobs[b]!) - sizeOf(jobs[a]!) || a - b);
  // Jobs not yet taken, and jobs a failed worker had in flight (taken again by the calling thread).
  let next = 0;
  const retry: number[] = [];
  const take = (): number | undefined => (retry.length > 0 ? retry.pop() : next < order.length ? order[next++] : undefined);

  const runWorker = (): Promise<void> => new Promise((resolve) => {
    const worker = new Worker(url, { workerData: setup, resourceLimits: WORKER_LIMITS });
    const inFlight = new Set<number>();
    let done = false;
    const retire = (): void => {
      if (done) return;
      done = true;
      retry.push(...inFlight);
      inFlight.clear();
      void worker.terminate();
      resolve();
    };
    const feed = (): void => {
      // A file ahead while each lane still has more than one to do; at the end, one at a time.
      const ahead = order.length - next > lanes ? 2 : 1;
      while (inFlight.size < ahead && next < order.length) {
        const index = order[next++]!;
        inFlight.add(index);
        worker.postMessage({ index, job: sendable(jobs[index]!) });
      }
      if (inFlight.size === 0) retire();
    };
    worker.on('message', (reply: ThreadReply) => {
      inFlight.delete(reply.index);
      // A file the worker could not review is reviewed again here, where an error surfaces as usual.
      if ('outcome' in reply) out[reply.index] = reply.outcome;
      else retry.push(reply.index);
      feed();
    });
    // A worker that dies (out of memory, a bug) hands its files back; the review goes on without it.
    worker.on('error', retire);
    worker.on('exit', retire);
    feed();
  });

  // Lets the workers' replies in, so that they are fed while this thread works.
  const pause = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
  const runHere = async (): Promise<void> => {
    for (let index = take(); index !== undefined; index = take()) {
      out[index] = pack(await local(jobs[index]!, pause));
      await pause();
    }
  };

  const workers = Array.from({ length: lanes - 1 }, runWorker);
  await runHere();
  await Promise.all(workers);
  // Files handed back after this thread's lane ended.
  await runHere();
  return out;
}
