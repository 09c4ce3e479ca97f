/**
 * One contract for both work queues: the in-process one always, the Redis one against a
 * redis-server this file starts (skipped, with a message, when redis-server is not installed).
 * No timings are asserted: the tests wait for conditions with generous limits.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { createQueue } from '../../src/service/create-queue.js';
import { createMemoryQueue } from '../../src/service/memory-queue.js';
import type { JobSpec, ProcessOptions, RunningJob, WorkQueue } from '../../src/service/queue.js';
import { createRedisQueue, type RedisQueueOptions, type RedisWorkQueue } from '../../src/service/redis-queue.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from './helpers/redis-server.js';

const haveRedis = redisServerAvailable();
if (!haveRedis) {
  console.warn('redis-server is not on PATH: the Redis half of the work queue tests is SKIPPED (CI installs it).');
}

let server: RedisServer | undefined;
let queueNumber = 0;
const open: WorkQueue[] = [];
const errors: Error[] = [];

beforeAll(async () => {
  if (haveRedis) server = await startRedisServer();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((queue) => queue.close(0)));
});
afterAll(async () => {
  await server?.stop();
});

interface MakeOptions {
  keepFinishedMs?: number;
}

/** Short locks and checks so a takeover happens within seconds; each test gets its own queue name. */
function redisQueue(name: string, options: RedisQueueOptions = {}): RedisWorkQueue {
  if (!server) throw new Error('no redis-server');
  const queue = createRedisQueue(server.url, {
    name,
    prefix: 'test',
    lockMs: 1500,
    stalledIntervalMs: 300,
    groupRetryMs: 50,
    // Connection errors are expected where a test drops connections; the tests do not assert on them.
    onError: (error) => errors.push(error),
    ...options,
  });
  open.push(queue);
  return queue;
}

const implementations: { kind: string; available: boolean; make(options?: MakeOptions): WorkQueue }[] = [
  {
    kind: 'memory',
    available: true,
    make(options = {}) {
      const queue = createMemoryQueue(options);
      open.push(queue);
      return queue;
    },
  },
  {
    kind: 'redis',
    available: haveRedis,
    make: (options = {}) => redisQueue(`contract-${++queueNumber}`, options),
  },
];

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

function spec(id: string, group = `group-of-${id}`, extra: Partial<JobSpec> = {}): JobSpec {
  return { id, group, data: { id }, ...extra };
}

function options(overrides: Partial<ProcessOptions> = {}): ProcessOptions {
  return { concurrency: 4, attempts: 1, backoffMs: 10, onFailed: async () => undefined, ...overrides };
}

async function idle(queue: WorkQueue): Promise<boolean> {
  const counts = await queue.counts();
  return counts.waiting + counts.active + counts.delayed === 0;
}

for (const implementation of implementations) {
  const describeIt = implementation.available ? describe : describe.skip;
  describeIt(`work queue contract: ${implementation.kind}`, () => {
    const make = implementation.make;

    test('is ready once connected, and of its kind', async () => {
      const queue = make();
      expect(queue.kind).toBe(implementation.kind);
      await waitFor(() => queue.ready(), 'ready');
    });

    test('adds a job once per id while it is queued, running or recently finished', async () => {
      const queue = make();
      expect(await queue.add(spec('a'))).toEqual({ added: true });
      expect(await queue.add(spec('a'))).toEqual({ added: false });
      const concurrent = await Promise.all([1, 2, 3, 4, 5].map(() => queue.add(spec('b'))));
      expect(concurrent.filter((result) => result.added)).toHaveLength(1);
      expect(await queue.counts()).toMatchObject({ waiting: 2, active: 0 });

      const started = gate();
      const release = gate();
      const runs: string[] = [];
      queue.process(async (job) => {
        runs.push(job.id);
        if (job.id === 'a') {
          started.open();
          await release.promise;
        }
      }, options());
      await started.promise;
      expect(await queue.add(spec('a'))).toEqual({ added: false }); // running
      release.open();
      await waitFor(() => idle(queue), 'both jobs done');
      expect(await queue.add(spec('a'))).toEqual({ added: false }); // finished within the keep window
      expect(await queue.add(spec('b'))).toEqual({ added: false });
      expect(runs.sort()).toEqual(['a', 'b']);
    });

    test('a finished id can be added again after the keep window', async () => {
      const queue = make({ keepFinishedMs: 300 });
      const runs: string[] = [];
      queue.process(async (job) => void runs.push(job.id), options());
      await queue.add(spec('k'));
      await waitFor(() => runs.length === 1 && idle(queue), 'the first run');
      await waitFor(async () => (await queue.add(spec('k'))).added, 'the id to be accepted again');
      await waitFor(() => runs.length === 2, 'the second run');
      expect(runs).toEqual(['k', 'k']);
    });

    test('an id whose job failed its last attempt can be added again', async () => {
      const queue = make();
      let calls = 0;
      const failed: string[] = [];
      queue.process(
        async () => {
          if (++calls === 1) throw new Error('first run fails');
        },
        options({ onFailed: async (job) => void failed.push(job.id) }),
      );
      await queue.add(spec('f'));
      await waitFor(async () => (await queue.counts()).failed === 1, 'the failed job');
      expect(failed).toEqual(['f']);
      expect(await queue.add(spec('f'))).toEqual({ added: true });
      await waitFor(() => calls === 2 && idle(queue), 'the second run');
      expect(failed).toEqual(['f']);
    });

    test('jobs of one group never overlap, other groups run meanwhile, and waiting is not an attempt', async () => {
      const queue = make();
      const events: string[] = [];
      const attempts = new Map<string, number>();
      const release = gate();
      queue.process(async (job) => {
        events.push(`start ${job.id}`);
        attempts.set(job.id, job.attempt);
        if (job.id === 'first') await release.promise;
        events.push(`end ${job.id}`);
      }, options({ attempts: 1 }));
      await queue.add(spec('first', 'pr-1'));
      await queue.add(spec('second', 'pr-1'));
      await queue.add(spec('other', 'pr-2'));
      await waitFor(() => events.includes('start first') && events.includes('end other'), 'first and other');
      expect(events).not.toContain('start second');
      release.open();
      await waitFor(() => events.includes('end second'), 'second');
      expect(events.indexOf('start second')).toBeGreaterThan(events.indexOf('end first'));
      // attempts: 1, so a wait for the group that counted as an attempt would have failed it.
      expect(attempts.get('second')).toBe(1);
    });

    test('runs at most `concurrency` jobs at once', async () => {
      const queue = make();
      const started: string[] = [];
      const release = gate();
      queue.process(async (job) => {
        started.push(job.id);
        await release.promise;
      }, options({ concurrency: 2 }));
      await Promise.all(['c1', 'c2', 'c3'].map((id) => queue.add(spec(id))));
      await waitFor(() => started.length === 2, 'two running jobs');
      expect(await queue.counts()).toMatchObject({ active: 2, waiting: 1 });
      release.open();
      await waitFor(() => started.length === 3 && idle(queue), 'all jobs');
      expect(started.sort()).toEqual(['c1', 'c2', 'c3']);
    });

    test('a superseding job drops the queued jobs of its group, not later ones or other groups', async () => {
      const queue = make();
      await queue.add(spec('old-1', 'pr'));
      await queue.add(spec('old-2', 'pr'));
      await queue.add(spec('newest', 'pr', { supersedes: true }));
      await queue.add(spec('comment-after', 'pr'));
      await queue.add(spec('elsewhere', 'other-pr'));
      const runs: string[] = [];
      queue.process(async (job) => void runs.push(job.id), options());
      await waitFor(() => runs.length === 3 && idle(queue), 'the remaining jobs');
      expect(runs.sort()).toEqual(['comment-after', 'elsewhere', 'newest']);
      // A skipped job counts as finished: its id still dedups.
      expect(await queue.add(spec('old-1', 'pr'))).toEqual({ added: false });
    });

    test('a running job learns that a newer one superseded it', async () => {
      const queue = make();
      const seen = new Map<string, boolean>();
      let first: RunningJob | undefined;
      const release = gate();
      queue.process(async (job) => {
        if (job.id === 'run-1') {
          first = job;
          await release.promise;
        }
        seen.set(job.id, await job.superseded());
      }, options());
      await queue.add(spec('run-1', 'pr'));
      await waitFor(() => first !== undefined, 'the first job to run');
      expect(await first?.superseded()).toBe(false);
      await queue.add(spec('run-2', 'pr', { supersedes: true }));
      await waitFor(async () => (await first?.superseded()) === true, 'the first job to be superseded');
      release.open();
      await waitFor(() => seen.size === 2, 'both jobs');
      expect(Object.fromEntries(seen)).toEqual({ 'run-1': true, 'run-2': false });
    });

    test('retries with the data stored by update(), and succeeds without onFailed', async () => {
      const queue = make();
      const seen: { attempt: number; step: unknown }[] = [];
      const failed: string[] = [];
      queue.process(
        async (job) => {
          seen.push({ attempt: job.attempt, step: job.data.step });
          if (job.attempt === 1) {
            await job.update({ ...job.data, step: 'check run created' });
            throw new Error('transient');
          }
          if (job.attempt === 2) throw 'not even an Error';
        },
        options({ attempts: 3, backoffMs: 20, onFailed: async (job) => void failed.push(job.id) }),
      );
      await queue.add(spec('retry'));
      await waitFor(() => seen.length === 3 && idle(queue), 'three attempts');
      expect(seen).toEqual([
        { attempt: 1, step: undefined },
        { attempt: 2, step: 'check run created' },
        { attempt: 3, step: 'check run created' },
      ]);
      expect(failed).toEqual([]);
      expect((await queue.counts()).failed).toBe(0);
    });

    test('calls onFailed once after the last attempt', async () => {
      const queue = make();
      const failures: { id: string; attempt: number; message: string; data: unknown }[] = [];
      let runs = 0;
      queue.process(
        async (job) => {
          runs++;
          await job.update({ ...job.data, checkRunId: 7 });
          throw new Error(`boom ${job.attempt}`);
        },
        options({
          attempts: 2,
          backoffMs: 10,
          onFailed: async (job, error) => {
            failures.push({ id: job.id, attempt: job.attempt, message: error.message, data: job.data });
          },
        }),
      );
      await queue.add(spec('doomed'));
      await waitFor(async () => (await queue.counts()).failed === 1, 'the failed job');
      expect(runs).toBe(2);
      expect(failures).toEqual([{ id: 'doomed', attempt: 2, message: 'boom 2', data: { id: 'doomed', checkRunId: 7 } }]);
    });

    test('close() stops taking work and does not wait for a stuck job beyond its timeout', async () => {
      const queue = make();
      const started = gate();
      queue.process(async () => {
        started.open();
        await new Promise(() => undefined); // never finishes
      }, options());
      await queue.add(spec('stuck'));
      await started.promise;
      await queue.close(100);
      expect(queue.ready()).toBe(false);
      await expect(queue.add(spec('late'))).rejects.toThrow('closed');
    });
  });
}

(haveRedis ? describe : describe.skip)('work queue on Redis: several replicas', () => {
  test('two replicas adding the same id at once make one job', async () => {
    const one = redisQueue('replicas-dedup');
    const two = redisQueue('replicas-dedup');
    for (let i = 0; i < 5; i++) {
      const results = await Promise.all([one.add(spec(`same-${i}`)), two.add(spec(`same-${i}`))]);
      expect(results.filter((result) => result.added)).toHaveLength(1);
    }
    expect((await one.counts()).waiting).toBe(5);
  });

  test('jobs of one group never overlap across replicas', async () => {
    const replicas = [redisQueue('replicas-groups'), redisQueue('replicas-groups')];
    let running = 0;
    let most = 0;
    const done: string[] = [];
    for (const replica of replicas) {
      replica.process(async (job) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running--;
        done.push(job.id);
      }, options({ concurrency: 3 }));
    }
    const ids = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'];
    for (const id of ids) await replicas[0].add(spec(id, 'one-pr'));
    await waitFor(() => done.length === ids.length, 'all jobs');
    expect(most).toBe(1);
    expect(done.sort()).toEqual(ids);
  });

  test('a job whose worker died runs again on another replica, with the data it stored', async () => {
    const crashing = redisQueue('takeover-crash');
    const started = gate();
    crashing.process(async (job) => {
      await job.update({ ...job.data, checkRunId: 42 });
      started.open();
      await new Promise(() => undefined); // the process "dies" in the middle
    }, options({ attempts: 3 }));
    await crashing.add(spec('review', 'pr-7'));
    await started.promise;
    await crashing.crash();

    const survivor = redisQueue('takeover-crash');
    const taken: RunningJob[] = [];
    survivor.process(async (job) => void taken.push(job), options({ attempts: 3 }));
    await waitFor(() => taken.length === 1, 'the takeover');
    expect(taken[0]).toMatchObject({ id: 'review', group: 'pr-7', attempt: 2, data: { id: 'review', checkRunId: 42 } });
    await waitFor(() => idle(survivor), 'the job to complete');
  });

  test('a job still running at close() is handed back to another replica at once', async () => {
    // Locks far longer than the test's wait: only the hand-back can explain the takeover.
    const slowLocks = { lockMs: 60_000, stalledIntervalMs: 60_000 };
    const closing = redisQueue('takeover-close', slowLocks);
    const started = gate();
    closing.process(async (job) => {
      await job.update({ ...job.data, checkRunId: 9 });
      started.open();
      await new Promise(() => undefined);
    }, options({ attempts: 1 }));
    await closing.add(spec('handed-back', 'pr-8'));
    await started.promise;
    await closing.close(50);

    const other = redisQueue('takeover-close', slowLocks);
    const taken: RunningJob[] = [];
    other.process(async (job) => void taken.push(job), options({ attempts: 1 }));
    await waitFor(() => taken.length === 1, 'the takeover');
    // The interrupted attempt is not counted: the shutdown was not the job's fault.
    expect(taken[0]).toMatchObject({ attempt: 1, data: { id: 'handed-back', checkRunId: 9 } });
  });
});

describe('createQueue', () => {
  test('is in process without REDIS_URL', async () => {
    const queue = createQueue({});
    open.push(queue);
    expect(queue.kind).toBe('memory');
  });

  (haveRedis ? test : test.skip)('is on Redis with REDIS_URL', async () => {
    const queue = createQueue({ REDIS_URL: server?.url });
    open.push(queue);
    expect(queue.kind).toBe('redis');
    await waitFor(() => queue.ready(), 'ready');
  });
});
