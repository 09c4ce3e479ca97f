/**
 * Runs the engine off the app's event loop, in worker threads, each analysis with a time budget
 * and a heap limit: a pull request built to stall or exhaust the engine costs one thread, which
 * is terminated, and its review says why; every other review and `/healthz` go on. Where the
 * compiled worker is not present (tests run the TypeScript sources), the engine runs in process.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config.js';
import { analyze } from '../engine/analyze.js';
import type { Change, Result } from '../model/types.js';

export interface AnalysisRequest {
  id: number;
  change: Change;
  config: Config;
  treePaths: string[];
}

export type AnalysisReply = { id: number; result: Result } | { id: number; error: string };

export interface AnalysisLimits {
  /** Wall-clock budget of one analysis; the thread is terminated after it. */
  timeoutMs: number;
  /** Heap of one worker thread. */
  maxHeapMb: number;
}

export const DEFAULT_LIMITS: AnalysisLimits = { timeoutMs: 120_000, maxHeapMb: 1536 };

export class AnalysisStopped extends Error {}

const WORKER_URL = new URL('./analysis-worker.js', import.meta.url);

/** Whether the compiled worker exists next to this module (dist/), i.e. whether threads are used. */
export function workerAvailable(url: URL = WORKER_URL): boolean {
  return url.protocol === 'file:' && existsSync(fileURLToPath(url));
}

let next = 0;

/** Warm threads kept between analyses (starting one costs about half a second). */
const MAX_IDLE = 2;
const idle = new Map<string, Worker[]>();

function takeWorker(url: URL, limits: AnalysisLimits): Worker {
  const warm = idle.get(poolKey(url, limits))?.pop();
  if (warm) return warm;
  const worker = new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb } });
  // An idle thread must not keep the process alive (drain, tests).
  worker.unref();
  return worker;
}

function giveBack(worker: Worker, url: URL, limits: AnalysisLimits): void {
  const key = poolKey(url, limits);
  const list = idle.get(key) ?? [];
  if (list.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  list.push(worker);
  idle.set(key, list);
}

function poolKey(url: URL, limits: AnalysisLimits): string {
  return `${url.href} ${limits.maxHeapMb}`;
}

/**
 * One analysis in a thread: a warm one when there is one. A thread that was stopped (time, heap)
 * or failed is terminated and never reused.
 */
export async function analyzeInThread(change: Change, config: Config, treePaths: string[], limits: AnalysisLimits = DEFAULT_LIMITS, url: URL = WORKER_URL): Promise<Result> {
  const worker = takeWorker(url, limits);
  const id = ++next;
  let healthy = false;
  let detach = (): void => undefined;
  try {
    const result = await new Promise<Result>((resolve, reject) => {
      const timer = setTimeout(() => reject(new AnalysisStopped(`the analysis took longer than ${Math.round(limits.timeoutMs / 1000)} s and was stopped`)), limits.timeoutMs);
      const onMessage = (reply: AnalysisReply) => {
        if (reply.id !== id) return;
        clearTimeout(timer);
        if ('result' in reply) resolve(reply.result);
        else reject(new Error(reply.error));
      };
      const onError = (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        // ERR_WORKER_OUT_OF_MEMORY: the heap limit was reached.
        reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new AnalysisStopped(`the analysis needed more than ${limits.maxHeapMb} MB and was stopped`) : error);
      };
      const onExit = (code: number) => {
        clearTimeout(timer);
        reject(new AnalysisStopped(`the analysis thread exited (code ${code})`));
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      detach = () => void worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      const request: AnalysisRequest = { id, change, config, treePaths };
      worker.postMessage(request);
    });
    healthy = true;
    return result;
  } finally {
    detach();
    if (healthy) giveBack(worker, url, limits);
    else await worker.terminate();
  }
}

/** The app's way to analyse: in a thread when the compiled worker is there, in process otherwise. */
export async function analyzeOffLoop(change: Change, config: Config, treePaths: string[]): Promise<Result> {
  return workerAvailable() ? analyzeInThread(change, config, treePaths) : analyze(change, config, { treePaths });
}
