/**
 * The service under load (part of `npm run bench`): real app processes (`dist/src/app/main.js`)
 * on a private redis-server, reviewing pull requests on the stand-in GitHub over HTTP, through
 * the fleet the replica test uses (test/service/helpers/fleet.ts). For 1 and 2 replicas: N pull
 * requests of a few manifests each are opened at once; measured are the latency from sending the
 * webhook to the check run's completion, and the reviews per minute. Numbers only.
 *
 * Octokit's throttling (Probot's, shared through Redis when REDIS_URL is set) spaces writes and
 * GraphQL queries of one installation one second apart, as GitHub asks: a review makes about four
 * such requests, so one installation gets about 15 reviews a minute however many replicas run.
 * The main rows give each pull request its own installation, to measure the service itself; the
 * last row puts a few in one installation to show that ceiling.
 */
import { existsSync } from 'node:fs';
import { pullRequestDelivery } from '../src/demo/stand-in/webhooks.js';
import type { Tree } from '../src/demo/stand-in/repo.js';
import { APP_MAIN, Fleet, waitFor } from '../test/service/helpers/fleet.js';
import { redisServerAvailable } from '../test/service/helpers/redis-server.js';
import { generateManifests } from './generate.js';

export interface ServiceRow {
  replicas: number;
  installations: 'one per pull request' | 'one';
  pullRequests: number;
  latencyMs: { p50: number; p90: number; max: number };
  reviewsPerMinute: number;
  /** Check runs completed by each replica. */
  perReplica: Record<string, number>;
  wallMs: number;
}

const FILES_PER_PULL = 3;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A pull request adding FILES_PER_PULL manifests (clean and flawed workloads, about 3 KB each), unique to `n`. */
function pullTree(n: number): Tree {
  const tree: Record<string, string> = { 'README.md': '# deploy\n' };
  for (const file of generateManifests(FILES_PER_PULL * 3000, 3000).slice(0, FILES_PER_PULL)) {
    tree[`apps/pr-${n}/${file.path.split('/').pop()}`] = file.text.replaceAll('service-', `pr${n}-service-`);
  }
  return tree;
}

async function measure(replicas: number, pulls: number, sharedInstallation: boolean): Promise<ServiceRow> {
  const fleet = await Fleet.start({ env: { LOG_LEVEL: 'warn' } });
  try {
    const names = Array.from({ length: replicas }, (_, i) => `r${i + 1}`);
    await Promise.all(names.map((name) => fleet.startReplica(name)));
    const base: Tree = { 'README.md': '# deploy\n' };
    const numbers = Array.from({ length: pulls }, (_, i) => i + 1);
    for (const n of numbers) fleet.fake.addPull({ number: n, base, head: pullTree(n) });
    const sentAt = new Map<number, number>();
    const start = Date.now();
    // All opened at once, spread over the replicas as a load balancer would.
    await Promise.all(numbers.map(async (n, i) => {
      sentAt.set(n, Date.now());
      const status = await fleet.send(names[i % names.length]!, pullRequestDelivery(fleet.fake, n, 'opened', { installationId: sharedInstallation ? 1 : 100 + n }));
      if (status !== 200) throw new Error(`webhook for #${n} answered ${status}`);
    }));
    const pullOf = new Map(numbers.map((n) => [fleet.fake.pull(n).headSha, n]));
    await waitFor(() => fleet.fake.checkRuns.filter((r) => r.status === 'completed').length >= pulls, `${pulls} completed check runs`, () => fleet.describe(), 300_000);
    const latencies: number[] = [];
    const perReplica: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
    let last = start;
    for (const request of fleet.requests.filter((r) => r.completes)) {
      const id = Number(/\/check-runs\/(\d+)/.exec(request.path)?.[1]);
      const n = pullOf.get(fleet.fake.checkRuns.find((r) => r.id === id)?.head_sha ?? '');
      if (n === undefined) continue;
      latencies.push(request.at - sentAt.get(n)!);
      perReplica[request.replica] = (perReplica[request.replica] ?? 0) + 1;
      last = Math.max(last, request.at);
    }
    latencies.sort((a, b) => a - b);
    return {
      replicas, installations: sharedInstallation ? 'one' : 'one per pull request', pullRequests: pulls,
      latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), max: latencies.at(-1)! },
      reviewsPerMinute: Math.round((pulls / ((last - start) / 60_000)) * 10) / 10,
      perReplica, wallMs: last - start,
    };
  } finally {
    await fleet.stop();
  }
}

/** Runs the service bench and prints its table; resolves to the rows, or to none when it cannot run. */
export async function benchService(write: (line: string) => void = console.log): Promise<ServiceRow[]> {
  if (!existsSync(APP_MAIN)) {
    write(`service bench skipped: ${APP_MAIN} is missing (npm run build).`);
    return [];
  }
  if (!redisServerAvailable()) {
    write('service bench skipped: redis-server is not on PATH.');
    return [];
  }
  const pulls = Number(process.env.BENCH_PULLS ?? 16);
  const rows = [
    await measure(1, pulls, false),
    await measure(2, pulls, false),
    await measure(2, 6, true),
  ];
  write('');
  write(`service: webhook → completed check run, real app processes on Redis, stand-in GitHub over HTTP, ${FILES_PER_PULL} manifests per pull request, WORKER_CONCURRENCY 2`);
  write('replicas  installations          PRs  p50 ms  p90 ms  max ms  reviews/min  check runs by replica');
  for (const r of rows) {
    write(`${String(r.replicas).padEnd(10)}${r.installations.padEnd(23)}${String(r.pullRequests).padStart(3)}  ${String(r.latencyMs.p50).padStart(6)}  ${String(r.latencyMs.p90).padStart(6)}  ${String(r.latencyMs.max).padStart(6)}  ${String(r.reviewsPerMinute).padStart(11)}  ${Object.entries(r.perReplica).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  }
  write(JSON.stringify({ service: rows }));
  return rows;
}
