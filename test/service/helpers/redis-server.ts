/**
 * A throwaway redis-server for the queue tests, on a free port of 127.0.0.1, without persistence.
 * It runs under a small shell that kills it as soon as its stdin closes: when this test process
 * ends in any way (even killed), the pipe closes and the server goes with it.
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { Redis } from 'ioredis';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** On a free port, or on `port` (a restart of a stopped server, for the tests of Redis outages). */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  port ??= await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()];
  // The shell prints the server's pid, then waits for EOF on stdin and kills the server.
  // (Its stderr is silenced: bash would report the server's death by a signal.)
  const script = 'redis-server "$@" >/dev/null & pid=$!; exec 2>/dev/null; echo "$pid"; cat >/dev/null; kill "$pid"; wait "$pid"';
  const shell: ChildProcessByStdio<Writable, Readable, null> = spawn('bash', ['-c', script, 'redis-server', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pid = await firstLine(shell.stdout).then(Number);
  // 'close': the shell has exited and its pipes are closed (nothing left open for the test runner).
  const exited = new Promise<void>((resolve) => shell.once('close', () => resolve()));
  const killServer = (signal: NodeJS.Signals = 'SIGKILL'): void => {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  };
  // Belt and braces for a normal exit that skipped afterAll (a crash is covered by the stdin pipe).
  const onExit = (): void => killServer();
  process.once('exit', onExit);
  const url = `redis://127.0.0.1:${port}`;
  await waitForPing(url);
  return {
    url,
    async stop() {
      process.removeListener('exit', onExit);
      shell.stdin.end();
      killServer('SIGTERM');
      await exited;
    },
  };
}

/** A free port on 127.0.0.1 (for the stand-ins and servers tests start). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The first line a child writes (a pid, a port); `failure` when it ends before one. */
export function firstLine(stream: Readable, failure = 'redis-server did not start'): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) {
        stream.off('data', onData);
        resolve(text.slice(0, end).trim());
      }
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(failure)));
  });
}

async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') {
        await client.quit();
        return;
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    // (A refused client has ended already: disconnect() would leave its 2-second timer behind.)
    if (client.status !== 'end') client.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
