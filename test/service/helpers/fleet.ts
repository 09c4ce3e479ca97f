/**
 * A fleet of real app processes (`node dist/src/app/main.js`, as the image runs it) sharing a
 * private redis-server, each pointed (GHE_HOST) at its own HTTP server of one shared stand-in
 * GitHub: so the stand-in knows which replica sent each request, and a test can hold a request
 * to kill the replica that sent it. The replica test and `npm run bench` use it.
 *
 * Each replica runs under a small shell that SIGKILLs it when this process's pipe to the shell
 * closes: should the test process die without its afterAll, no replica outlives it.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { FakeGitHub } from '../../../src/demo/stand-in/github.js';
import { startStandIn, type StandIn, type StandInRequest } from '../../../src/demo/stand-in/server.js';
import { sendDelivery, type Delivery } from '../../../src/demo/stand-in/webhooks.js';
import { Redis } from 'ioredis';
import { firstLine, freePort, startRedisServer, type RedisServer } from './redis-server.js';

/** The project root, from this module's path: test/service/helpers or dist/test/service/helpers alike. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above the fleet helper');
    dir = parent;
  }
  return dir;
}

/** The built app the fleet runs; absent until `npm run build` (CI's `npm ci` builds through `prepare`). */
export const APP_MAIN = join(projectRoot(), 'dist', 'src', 'app', 'main.js');

/** Sources of the service newer than their build: the replicas would run older code than the test reads. */
export function staleBuild(): string[] {
  const root = projectRoot();
  const stale: string[] = [];
  for (const dir of ['src/app', 'src/service', 'src/github']) {
    for (const name of readdirSync(join(root, dir))) {
      if (!name.endsWith('.ts')) continue;
      const built = join(root, 'dist', dir, name.replace(/\.ts$/, '.js'));
      if (!existsSync(built) || statSync(join(root, dir, name)).mtimeMs > statSync(built).mtimeMs) stale.push(`${dir}/${name}`);
    }
  }
  return stale;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Replica {
  name: string;
  pid: number;
  url: string;
  /** The Redis it was given. */
  redisUrl: string;
  /** False once the process has exited. */
  alive: boolean;
  /** Resolves when the app process has exited (its code, or 128 + signal as the shell saw it). */
  exited: Promise<Exit>;
  /** What the app wrote so far (its logs). */
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

export interface Hold {
  /** Resolves with the name of the replica whose request is held. */
  reached: Promise<string>;
  /** Lets the held request through (dropped if its replica died meanwhile). */
  release(): void;
}

export interface FleetOptions {
  /** Extra environment for every replica (QUEUE_LOCK_MS, SHUTDOWN_TIMEOUT_SECONDS, LOG_LEVEL...). */
  env?: Record<string, string>;
  owner?: string;
  repo?: string;
}

interface PendingHold {
  match: (request: StandInRequest) => boolean;
  reach: (name: string) => void;
  released: Promise<void>;
  taken: boolean;
}

export class Fleet {
  readonly fake: FakeGitHub;
  readonly secret = randomBytes(24).toString('hex');
  readonly replicas = new Map<string, Replica>();
  /** Every request the stand-in received: when, from which replica, what. */
  readonly requests: Array<{ at: number; replica: string; method: string; path: string; completes: boolean }> = [];
  private readonly holds: PendingHold[] = [];
  private readonly standIns: StandIn[] = [];
  private readonly shells = new Set<ChildProcessByStdio<Writable, Readable, Readable>>();
  private readonly pids = new Set<number>();
  private readonly closing: Promise<void>[] = [];
  private readonly privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } }).privateKey;
  private readonly killOnExit = (): void => this.killAll();

  private constructor(readonly redis: RedisServer, private readonly options: FleetOptions) {
    this.fake = new FakeGitHub({ owner: options.owner ?? 'acme', repo: options.repo ?? 'deploy' });
    process.once('exit', this.killOnExit);
  }

  static async start(options: FleetOptions = {}): Promise<Fleet> {
    return new Fleet(await startRedisServer(), options);
  }

  /** Starts a replica and waits until its /readyz answers 200 (its /healthz, with `live`: for a replica without Redis). */
  async startReplica(name: string, options: { env?: Record<string, string>; live?: boolean } = {}): Promise<Replica> {
    if (this.replicas.has(name)) throw new Error(`replica ${name} exists`);
    const standIn = await startStandIn(this.fake, { gate: (request) => this.gate(name, request) });
    this.standIns.push(standIn);
    const port = await freePort();
    const appEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      APP_ID: '1', PRIVATE_KEY: this.privateKey, WEBHOOK_SECRET: this.secret,
      HOST: '127.0.0.1', PORT: String(port),
      GHE_HOST: `127.0.0.1:${standIn.port}`, GHE_PROTOCOL: 'http',
      REDIS_URL: this.redis.url, LOG_LEVEL: 'info', LOG_FORMAT: 'json',
      ...this.options.env, ...options.env,
    };
    // The shell starts the app (its stdout joins its stderr), prints the app's pid, SIGKILLs the
    // app once its stdin closes, and exits with the app's status when the app ends first.
    // (bash gives background commands /dev/null as stdin: the watcher reads the pipe as fd 3.)
    const script = 'exec 3<&0; node "$1" 1>&2 </dev/null 3<&- & pid=$!; echo "$pid"; { cat <&3 >/dev/null; kill -9 "$pid" 2>/dev/null; } & watcher=$!; exec 3<&-; wait "$pid"; status=$?; kill "$watcher" 2>/dev/null; exit "$status"';
    const shell = spawn('bash', ['-c', script, 'replica', APP_MAIN], { env: appEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    this.shells.add(shell);
    let output = '';
    shell.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 2_000_000) output = output.slice(-1_000_000);
    });
    // 'close' (after 'exit', once the shell's pipes are closed too): stop() waits for it.
    this.closing.push(new Promise<void>((resolve) => shell.once('close', () => resolve())));
    const exited = new Promise<Exit>((resolve) => shell.once('exit', (code) => {
      shell.stdin.end();
      this.shells.delete(shell);
      resolve(code !== null && code > 128 ? { code: null, signal: signalName(code - 128) } : { code, signal: null });
    }));
    const pid = Number(await firstLine(shell.stdout, 'the replica shell did not start'));
    this.pids.add(pid);
    void exited.then(() => this.pids.delete(pid));
    const replica: Replica = {
      name, pid, url: `http://127.0.0.1:${port}`, redisUrl: appEnv.REDIS_URL ?? '', alive: true, exited,
      output: () => output,
      kill: (signal) => {
        try {
          process.kill(pid, signal);
        } catch {
          // Already gone.
        }
      },
    };
    this.replicas.set(name, replica);
    const deadline = Date.now() + 30_000;
    let gone = false;
    void exited.then(() => {
      gone = true;
      replica.alive = false;
    });
    for (;;) {
      if (gone) throw new Error(`replica ${name} exited while starting:\n${output.slice(-4000)}`);
      const status = await fetch(`${replica.url}/${options.live ? 'healthz' : 'readyz'}`).then((r) => r.status, () => 0);
      if (status === 200) return replica;
      if (Date.now() > deadline) throw new Error(`replica ${name} not ready after 30 s (last status ${status}):\n${output.slice(-4000)}`);
      await sleep(50);
    }
  }

  replica(name: string): Replica {
    const replica = this.replicas.get(name);
    if (!replica) throw new Error(`no replica ${name}`);
    return replica;
  }

  send(name: string, delivery: Delivery): Promise<number> {
    return sendDelivery(this.replica(name).url, this.secret, delivery);
  }

  /** Holds the next request that matches (from any replica) until released. */
  hold(match: (request: StandInRequest) => boolean): Hold {
    let reach!: (name: string) => void;
    let release!: () => void;
    const reached = new Promise<string>((resolve) => (reach = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ match, reach, released, taken: false });
    return { reached, release };
  }

  /** True when no job waits, runs or is delayed, as a live replica's /metrics tells. */
  async queueIdle(): Promise<boolean> {
    for (const replica of this.replicas.values()) {
      if (!replica.alive || replica.redisUrl !== this.redis.url) continue;
      const text = await fetch(`${replica.url}/metrics`).then((r) => (r.ok ? r.text() : undefined), () => undefined);
      if (text === undefined) continue;
      const count = (state: string): number => Number(new RegExp(`^k8s_antipatterns_queue_jobs\\{state="${state}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
      return ['waiting', 'active', 'delayed'].every((state) => count(state) === 0);
    }
    throw new Error('no live replica to ask');
  }

  /** The queue's keys in Redis and their values or types, for a failure message. */
  async redisState(): Promise<string> {
    const client = new Redis(this.redis.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    try {
      const keys = (await client.keys('k8s-antipatterns:*')).sort();
      const lines: string[] = [];
      for (const key of keys.slice(0, 80)) {
        const type = await client.type(key);
        const value = type === 'string' ? await client.get(key) : type === 'list' ? (await client.lrange(key, 0, 10)).join(' ') : type === 'zset' ? (await client.zrange(key, 0, 10, 'WITHSCORES')).join(' ') : type === 'hash' ? JSON.stringify(await client.hgetall(key)).slice(0, 300) : type;
        lines.push(`  ${key} (${type}, ttl ${await client.pttl(key)} ms): ${value}`);
      }
      return `redis:\n${lines.join('\n')}`;
    } catch (error) {
      return `redis: ${(error as Error).message}`;
    } finally {
      client.disconnect();
    }
  }

  /** Everything the stand-in, Redis and the replicas know, for a failure message. */
  async explain(): Promise<string> {
    return `${this.describe()}\n${await this.redisState()}`;
  }

  /** Everything the stand-in and the replicas know, for a failure message. */
  describe(): string {
    const runs = this.fake.checkRuns.map((r) => `  check run ${r.id} on ${r.head_sha.slice(0, 7)}: ${r.status}${r.conclusion ? ` (${r.conclusion})` : ''}`);
    const reviews = this.fake.reviews.map((r) => `  review ${r.id} on #${r.pull} at ${r.commit_id.slice(0, 7)}: ${r.comments.length} comment(s)`);
    const logs = [...this.replicas.values()].map((r) => `--- replica ${r.name} (pid ${r.pid}), last lines:\n${r.output().split('\n').slice(-25).join('\n')}`);
    const start = this.requests[0]?.at ?? 0;
    const requests = this.requests.slice(-30).map((r) => `  +${((r.at - start) / 1000).toFixed(2)} s ${r.replica} ${r.method} ${r.path}`);
    return ['check runs:', ...runs, 'reviews:', ...reviews, 'last requests to the stand-in:', ...requests, ...logs].join('\n');
  }

  /** Stops every replica (SIGKILL: by then the test is done with them), the stand-ins and Redis. */
  async stop(): Promise<void> {
    const exits = [...this.replicas.values()].map((r) => r.exited);
    this.killAll();
    for (const hold of this.holds) hold.reach('');
    await Promise.all(exits);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.closing), new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    await Promise.all(this.standIns.map((s) => s.close()));
    await this.redis.stop();
    process.removeListener('exit', this.killOnExit);
  }

  private killAll(): void {
    for (const pid of this.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    for (const shell of this.shells) shell.stdin.end();
  }

  private gate(name: string, request: StandInRequest): Promise<void> | undefined {
    const completes = request.method === 'PATCH' && (request.body as { status?: unknown } | null)?.status === 'completed';
    this.requests.push({ at: Date.now(), replica: name, method: request.method, path: request.path, completes });
    const hold = this.holds.find((h) => !h.taken && h.match(request));
    if (!hold) return undefined;
    hold.taken = true;
    hold.reach(name);
    return hold.released;
  }
}

/** Waits for a condition, polling; fails with `explain()` after limitMs. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, explain: () => string | Promise<string> = () => '', limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs / 1000} s waiting for ${what}\n${await explain()}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function signalName(n: number): NodeJS.Signals | null {
  const names: Record<number, NodeJS.Signals> = { 1: 'SIGHUP', 2: 'SIGINT', 9: 'SIGKILL', 15: 'SIGTERM' };
  return names[n] ?? null;
}
