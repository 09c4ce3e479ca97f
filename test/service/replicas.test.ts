/**
 * The service issue's proof: two real app processes (`node dist/src/app/main.js`) share a private
 * redis-server and review pull requests on a stand-in GitHub (an HTTP server per replica over one
 * shared state). A delivery sent to both gives one review; quick pushes leave no check run in
 * progress; a replica killed mid-review has its job taken over; SIGTERM drains and exits 0.
 * Conditions are awaited by polling the stand-in with generous limits; no timing is asserted.
 *
 * Needs the build (dist/, made by `npm ci` through `prepare`, or `npm run build`) and
 * redis-server on PATH; skipped with a message otherwise.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import type { Tree } from '../../src/demo/stand-in/repo.js';
import { pullRequestDelivery } from '../../src/demo/stand-in/webhooks.js';
import { APP_MAIN, Fleet, staleBuild, waitFor } from './helpers/fleet.js';
import { redisServerAvailable, startRedisServer } from './helpers/redis-server.js';

const built = existsSync(APP_MAIN);
const haveRedis = redisServerAvailable();
if (!built) console.warn(`${APP_MAIN} is missing: the replica tests are SKIPPED (run \`npm run build\`; CI's \`npm ci\` builds).`);
if (!haveRedis) console.warn('redis-server is not on PATH: the replica tests are SKIPPED (CI installs it).');
const stale = built ? staleBuild() : [];
if (stale.length > 0) console.warn(`dist/ is older than ${stale.join(', ')}: the replicas run the last build (\`npm run build\`).`);
const describeReplicas = built && haveRedis ? describe : describe.skip;

/** Short locks, so a killed replica's job is taken over within seconds; a short drain. */
const LOCK_MS = 2000;
const DRAIN_SECONDS = 3;

const BASE: Tree = { 'README.md': '# deploy\n' };

/** A change with findings on its added lines, so that every review posts comments. */
function head(n: number, variant = 0): Tree {
  return {
    ...BASE,
    [`apps/app-${n}/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${n}
spec:
  replicas: ${1 + variant}
  selector:
    matchLabels:
      app: app-${n}
  template:
    metadata:
      labels:
        app: app-${n}
    spec:
      containers:
        - name: app
          image: registry.example.com/app-${n}:latest
`,
  };
}

let fleet: Fleet | undefined;
let nextPull = 1;

function f(): Fleet {
  if (!fleet) throw new Error('no fleet');
  return fleet;
}

function newPull(): number {
  const number = nextPull++;
  f().fake.addPull({ number, base: BASE, head: head(number) });
  return number;
}

const runsOf = (sha: string) => f().fake.checkRuns.filter((r) => r.head_sha === sha);
const reviewsOf = (number: number) => f().fake.reviews.filter((r) => r.pull === number);
const allCompleted = (sha: string) => runsOf(sha).length > 0 && runsOf(sha).every((r) => r.status === 'completed');

describeReplicas('two replicas on one Redis', () => {
  beforeAll(async () => {
    fleet = await Fleet.start({ env: { QUEUE_LOCK_MS: String(LOCK_MS), SHUTDOWN_TIMEOUT_SECONDS: String(DRAIN_SECONDS) } });
    await Promise.all([fleet.startReplica('a'), fleet.startReplica('b')]);
  }, 60_000);

  afterAll(async () => {
    // REPLICA_LOGS=1 prints what the stand-in saw and every replica's logs, passed or not.
    if (process.env.REPLICA_LOGS && fleet) console.log(fleet.describe());
    await fleet?.stop();
  }, 30_000);

  /** A second review or check run would come from a second job: wait until none is left to run. */
  const settled = (): Promise<void> => waitFor(() => f().queueIdle(), 'an idle queue', () => f().explain());

  /** The next live replica other than `name`. */
  const other = (name: string): string => [...f().replicas.values()].find((r) => r.alive && r.name !== name)!.name;

  test('the same delivery sent to both replicas at once: one review, one completed check run', async () => {
    const number = newPull();
    const sha = f().fake.pull(number).headSha;
    const delivery = pullRequestDelivery(f().fake, number, 'opened');
    const statuses = await Promise.all([f().send('a', delivery), f().send('b', delivery)]);
    expect(statuses).toEqual([200, 200]);
    await waitFor(() => allCompleted(sha) && reviewsOf(number).length > 0, 'the check run completed and the review posted', () => f().explain());
    await settled();
    expect(runsOf(sha)).toHaveLength(1);
    expect(runsOf(sha)[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(reviewsOf(number)).toHaveLength(1);
    expect(reviewsOf(number)[0]!.comments.length).toBeGreaterThan(0);
  });

  test('two pushes in quick succession: at most one review per head, the latest head reviewed, no check run left in progress', async () => {
    const number = newPull();
    const first = f().fake.pull(number).headSha;
    expect(await f().send('a', pullRequestDelivery(f().fake, number, 'synchronize'))).toBe(200);
    const second = f().fake.push(number, head(number, 1));
    expect(await f().send('b', pullRequestDelivery(f().fake, number, 'synchronize'))).toBe(200);
    await waitFor(() => allCompleted(second) && reviewsOf(number).some((r) => r.commit_id === second), 'the latest head reviewed', () => f().explain());
    await settled();
    expect(runsOf(second)).toHaveLength(1);
    expect(reviewsOf(number).filter((r) => r.commit_id === second)).toHaveLength(1);
    // The first head may have been skipped (no check run), or reviewed and not posted: never left in progress.
    expect(runsOf(first).every((r) => r.status === 'completed')).toBe(true);
    expect(runsOf(first).length).toBeLessThanOrEqual(1);
    expect(reviewsOf(number).filter((r) => r.commit_id === first).length).toBeLessThanOrEqual(1);
  });

  test('a replica killed (SIGKILL) mid-review: the other takes the job over, completes the same check run and posts one review', async () => {
    const number = newPull();
    const sha = f().fake.pull(number).headSha;
    // The review stops at the listing of the changed files, after its check run was created and stored with the job.
    const hold = f().hold((r) => r.method === 'GET' && r.path.startsWith(`/repos/acme/deploy/pulls/${number}/files`));
    expect(await f().send('a', pullRequestDelivery(f().fake, number, 'opened'))).toBe(200);
    const victim = f().replica(await hold.reached);
    expect(runsOf(sha)).toMatchObject([{ status: 'in_progress' }]);
    victim.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    hold.release();
    await waitFor(() => allCompleted(sha) && reviewsOf(number).length > 0, 'the check run completed by the other replica', () => f().explain(), 60_000);
    await settled();
    expect(runsOf(sha)).toHaveLength(1);
    expect(runsOf(sha)[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(reviewsOf(number)).toHaveLength(1);
    const completedBy = f().requests.filter((r) => r.method === 'PATCH' && r.path.includes(`/check-runs/${runsOf(sha)[0]!.id}`)).map((r) => r.replica);
    expect(completedBy.length).toBeGreaterThan(0);
    expect(completedBy).not.toContain(victim.name);
    // Two replicas again for what follows.
    await f().startReplica('c');
  }, 90_000);

  test('SIGTERM mid-review: the replica hands the job back and exits 0 within its drain time; the other completes the review', async () => {
    const number = newPull();
    const sha = f().fake.pull(number).headSha;
    const hold = f().hold((r) => r.method === 'GET' && r.path.startsWith(`/repos/acme/deploy/pulls/${number}/files`));
    const sender = other('none');
    expect(await f().send(sender, pullRequestDelivery(f().fake, number, 'opened'))).toBe(200);
    const victim = f().replica(await hold.reached);
    victim.kill('SIGTERM');
    // Past the drain time the service exits 1 on its own timer: 0 says the drain ended in time.
    let exit: Awaited<typeof victim.exited> | undefined;
    void victim.exited.then((e) => (exit = e));
    await waitFor(() => exit !== undefined, 'the replica to exit', () => f().explain(), (DRAIN_SECONDS + 30) * 1000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(victim.output()).toContain('draining');
    hold.release();
    await waitFor(() => allCompleted(sha) && reviewsOf(number).length > 0, 'the check run completed by the other replica', () => f().explain());
    await settled();
    expect(runsOf(sha)).toHaveLength(1);
    expect(reviewsOf(number)).toHaveLength(1);
  }, 90_000);

  test('/readyz answers 503 while Redis is unreachable and 200 again once it is back; /healthz stays 200', async () => {
    const redis = await startRedisServer();
    const port = Number(new URL(redis.url).port);
    let restarted: Awaited<ReturnType<typeof startRedisServer>> | undefined;
    try {
      const replica = await f().startReplica('r', { env: { REDIS_URL: redis.url } });
      const status = (path: string) => fetch(`${replica.url}${path}`).then((r) => r.status, () => 0);
      await redis.stop();
      await waitFor(async () => (await status('/readyz')) === 503, '/readyz to answer 503', () => replica.output().slice(-3000));
      expect(await status('/healthz')).toBe(200);
      // The queue's connection errors go to the app's logger (JSON lines at level error), not to bare stderr.
      const queueErrorLogged = (): boolean => replica.output().split('\n').some((l) => l.startsWith('{') && l.includes('"level":50') && l.includes('"msg":"work queue: '));
      await waitFor(queueErrorLogged, 'the queue\'s connection error in the app\'s log', () => replica.output().slice(-3000));
      restarted = await startRedisServer(port);
      await waitFor(async () => (await status('/readyz')) === 200, '/readyz to answer 200 again', () => replica.output().slice(-3000));
      // Probot's throttling loaded the installed ioredis for the same REDIS_URL; nothing was fetched with npx.
      expect(replica.output()).not.toMatch(/\[NPXI\]|npx/);
      replica.kill('SIGTERM');
      expect(await replica.exited).toEqual({ code: 0, signal: null });
    } finally {
      await restarted?.stop();
    }
  });
});
