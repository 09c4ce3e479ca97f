/**
 * One pull request of N changed files, reviewed by the app in-process against the demo's
 * stand-in GitHub (src/demo/stand-in/), as `npm run demo` runs them: Probot's server on
 * 127.0.0.1 in GitHub Enterprise mode, a signed `pull_request.opened` webhook. Measured, per N:
 * the time from sending the webhook until the check run completes, the requests the app made
 * (all of them, and by route), the conclusion, findings, annotations and inline comments.
 * Numbers only, no assertions.
 *
 * Probot's throttling (plugin-throttling) spaces writes AND GraphQL queries one second apart per
 * process; the app reads files in GraphQL batches of 50 and sends annotations 50 per check-run
 * update, so a large pull request is bound by that pacing more than by the engine (about 70-80% of
 * `wallMs` at 300 and 3,000 files when measured): `paced` counts those requests and
 * `pacedFloorMs` is the least time they alone take.
 *
 * `node dist/bench/pull-requests.js [sizes...]` prints a table and the rows as JSON.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { run } from 'probot';
import { createApp } from '../src/app/app.js';
import { CHECK_NAME } from '../src/app/check-run.js';
import { AppOctokit } from '../src/app/octokit.js';
import { observeGitHub } from '../src/github/observe.js';
import type { Result } from '../src/model/types.js';
import { FakeGitHub } from '../src/demo/stand-in/github.js';
import type { Tree } from '../src/demo/stand-in/repo.js';
import { startStandIn, type StandInRequest } from '../src/demo/stand-in/server.js';
import { pullRequestDelivery, sendDelivery } from '../src/demo/stand-in/webhooks.js';
import { freePort } from '../test/service/helpers/redis-server.js';
import { generateManifests } from './generate.js';

export interface PullRequestRow {
  files: number;
  /** Bytes of the changed files at head. */
  bytes: number;
  /** From sending the webhook until the stand-in completed the check run. */
  wallMs: number;
  /** HTTP requests that reached the stand-in (counted at its server). */
  requests: number;
  /** Requests by Octokit's route template, as the app's own observer sees them. */
  byRoute: Record<string, number>;
  /** GraphQL requests by operation name (all under `POST /graphql` in byRoute). */
  graphql: Record<string, number>;
  /** Requests Probot's throttling spaces 1 s apart (writes and GraphQL), and the time that alone takes. */
  paced: number;
  pacedFloorMs: number;
  conclusion: string;
  title: string;
  /** The engine's findings, on changed lines or not (the title counts those reported). */
  findings: number;
  filesAnalyzed: number;
  filesSkipped: number;
  annotations: number;
  reviewComments: number;
  /**
   * Where the time went, from the requests' arrival at the stand-in: until the last page of the file
   * list (with the token, the check run's creation, the config), reading the files (GraphQL `Objects`), the engine (until the first request after
   * it, `ReviewState`), publishing (review, annotations, check run).
   */
  phasesMs: { list: number; read: number; analyze: number; publish: number };
  /** HTTP status of the webhook's answer (202 when the review outlasted GitHub's 10 s). */
  webhookStatus: number;
}

// generateManifests stops at the first whole document past this: about 2.9 KB a file.
const MANIFEST_BYTES = 2500;
const FILES_PER_FOLDER = 50;

/** Non-manifest files the pull request also changes: head text, and base text when modified. */
const OTHERS: ReadonlyArray<{ path: string; head: string; base?: string }> = [
  { path: 'README.md', base: '# deploy\n', head: '# deploy\n\nManifests of every team, applied by scripts/deploy.sh.\n' },
  { path: 'scripts/deploy.sh', head: '#!/bin/sh\nset -eu\nkubectl apply -R -f apps/\nkubectl rollout status deployment --all-namespaces --timeout=5m\n' },
  { path: 'Dockerfile', head: 'FROM alpine:3.20\nRUN apk add --no-cache kubectl\nCOPY scripts/deploy.sh /deploy.sh\nENTRYPOINT ["/deploy.sh"]\n' },
];

/**
 * Base and head of a pull request changing exactly `count` files: a few others, the rest ~3 KB
 * manifests (unique workloads) in folders of 50; every third manifest exists at base with other
 * replica counts (modified, small hunks), the others are added.
 */
export function pullRequestTrees(count: number): { base: Tree; head: Tree } {
  const others = OTHERS.slice(0, Math.min(OTHERS.length, Math.max(0, count - 1)));
  const manifests = count - others.length;
  const base: Record<string, string> = {};
  const head: Record<string, string> = {};
  for (const o of others) {
    head[o.path] = o.head;
    if (o.base !== undefined) base[o.path] = o.base;
  }
  // Files come out somewhat over MANIFEST_BYTES each (whole documents) and the last may be short: ask for plenty.
  const generated = generateManifests((manifests + 1) * MANIFEST_BYTES * 2, MANIFEST_BYTES).slice(0, manifests);
  if (generated.length < manifests) throw new Error(`generateManifests gave ${generated.length} files, not ${manifests}`);
  generated.forEach((file, i) => {
    const path = `apps/group-${Math.floor(i / FILES_PER_FOLDER)}/workload-${i}.yaml`;
    head[path] = file.text;
    if (i % 3 === 0) base[path] = file.text.replace(/replicas: \d+/g, 'replicas: 9');
  });
  return { base, head };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function measure(count: number): Promise<PullRequestRow> {
  const { base, head } = pullRequestTrees(count);
  const fake = new FakeGitHub({ owner: 'acme-shop', repo: 'deploy' });
  const pull = fake.addPull({ number: 1, base, head });
  if (pull.files.length !== count) throw new Error(`the pull request changes ${pull.files.length} files, not ${count}`);

  // Counted at the stand-in's server: its gate sees every request, with its body (GraphQL's operation).
  let requests = 0, paced = 0, completedAt: number | undefined, lastList = 0, lastObjects = 0, reviewState: number | undefined;
  const graphql: Record<string, number> = {};
  const gate = (r: StandInRequest): void => {
    requests++;
    const isToken = /^\/app\/installations\/\d+\/access_tokens/.test(r.path);
    if (!isToken && (r.method !== 'GET' || r.path.startsWith('/graphql'))) paced++;
    const now = performance.now();
    if (r.path.startsWith('/graphql')) {
      const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec((r.body as { query?: string } | null)?.query ?? '')?.[1] ?? '(anonymous)';
      bump(graphql, operation);
      if (operation === 'Objects') lastObjects = now;
      if (operation === 'ReviewState') reviewState ??= now;
    }
    if (r.method === 'GET' && /\/pulls\/\d+\/files/.test(r.path)) lastList = now;
    if (r.method === 'PATCH' && /\/check-runs\/\d+$/.test(r.path) && (r.body as { status?: string } | null)?.status === 'completed') completedAt ??= performance.now();
  };
  const byRoute: Record<string, number> = {};
  // GraphQL's route is its absolute URL (Octokit's graphql client): one key for it, whatever the port.
  observeGitHub((o) => bump(byRoute, o.route.replace(/^POST \S*\/graphql$/, 'POST /graphql')));
  let result: Result | undefined;

  const standIn = await startStandIn(fake, { gate });
  fake.htmlUrl = `http://127.0.0.1:${standIn.port}/${fake.owner}/${fake.repo}`;
  const secret = randomBytes(16).toString('hex');
  const appPort = await freePort();
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } }).privateKey;
  const server = await run(createApp({ onReviewed: (r) => { result = r; } }), {
    Octokit: AppOctokit,
    env: {
      APP_ID: '1', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: secret, HOST: '127.0.0.1', PORT: String(appPort),
      GHE_HOST: `127.0.0.1:${standIn.port}`, GHE_PROTOCOL: 'http', LOG_LEVEL: 'warn',
    },
  });
  try {
    const delivery = pullRequestDelivery(fake, pull.number, 'opened', { title: `Change ${count} files` });
    const start = performance.now();
    // The webhook's answer may wait for the review (inline queue) or come at 10 s: time the check run instead.
    const answered = sendDelivery(`http://127.0.0.1:${appPort}`, secret, delivery);
    const done = () => fake.checkRuns.find((r) => r.name === CHECK_NAME && r.status === 'completed');
    for (let waited = 0; !done(); waited += 5) {
      if (waited > 15 * 60_000) throw new Error(`no completed check run for ${count} files after 15 minutes`);
      await sleep(5);
    }
    const end = completedAt ?? performance.now();
    const webhookStatus = await answered;
    // Let the answer of the last request reach the app's observer.
    await sleep(200);
    const checkRun = done()!;
    return {
      files: count,
      bytes: Object.values(head).reduce((n, text) => n + Buffer.byteLength(text), 0),
      wallMs: Math.round(end - start),
      requests, byRoute: sorted(byRoute), graphql: sorted(graphql),
      paced, pacedFloorMs: Math.max(0, paced - 1) * 1000,
      conclusion: checkRun.conclusion ?? '',
      title: checkRun.output.title ?? '',
      findings: result?.findings.length ?? -1,
      filesAnalyzed: result?.files.filter((f) => f.status === 'analyzed').length ?? -1,
      filesSkipped: result?.files.filter((f) => f.status === 'skipped').length ?? -1,
      annotations: checkRun.annotations.length,
      reviewComments: fake.reviews.reduce((n, r) => n + r.comments.length, 0),
      phasesMs: phases(start, lastList, lastObjects, reviewState ?? end, end),
      webhookStatus,
    };
  } finally {
    observeGitHub(undefined);
    try {
      await server.stop();
    } finally {
      await standIn.close();
    }
  }
}

function phases(start: number, list: number, read: number, analyzed: number, end: number): PullRequestRow['phasesMs'] {
  // A phase the review skipped (no file read) takes no time.
  const listed = Math.max(start, list), readDone = Math.max(listed, read), analyzedAt = Math.max(readDone, analyzed);
  return { list: Math.round(listed - start), read: Math.round(readDone - listed), analyze: Math.round(analyzedAt - readDone), publish: Math.round(end - analyzedAt) };
}

/** One review per size, one after the other (each with a fresh stand-in and app server). */
export async function benchPullRequests(sizes: readonly number[] = [10, 300, 3000]): Promise<PullRequestRow[]> {
  const rows: PullRequestRow[] = [];
  for (const n of sizes) rows.push(await measure(n));
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  benchPullRequests(sizes.length > 0 ? sizes : undefined).then((rows) => {
    console.table(rows.map(({ byRoute: _b, graphql: _g, phasesMs, ...row }) => ({ ...row, listMs: phasesMs.list, readMs: phasesMs.read, analyzeMs: phasesMs.analyze, publishMs: phasesMs.publish })));
    console.log(JSON.stringify(rows, null, 2));
    // Octokit's throttling timers would keep the process alive a while (as in the demo).
    process.exit(0);
  }, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
