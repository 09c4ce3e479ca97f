/**
 * Writing to a pipe whose reader has gone (`| head -1`) fails with EPIPE. Like any Unix tool we
 * stop writing and finish quietly, instead of dying with a stack trace; the exit code stays the
 * review's.
 */
export interface WritableOut {
  write(s: string): unknown;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

export function quietOnClosedPipe(stream: WritableOut): (s: string) => void {
  let closed = false;
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') {
      closed = true;
      return;
    }
    throw error;
  });
  return (s) => {
    if (!closed) stream.write(s);
  };
}

export interface DrainableOut {
  writableNeedDrain: boolean;
  on(event: 'close' | 'error', listener: () => void): unknown;
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

/**
 * Resolves once the stream has passed on what it was given. A pipe whose reader is slower than
 * we write (`check --format json | jq`) would otherwise queue the whole report in memory: the
 * 50 MB corpus's 79 MB of JSON doubled the peak memory of the run. A pipe whose reader has gone
 * (`| head -1`) does not wait: it is closed, and nothing more will drain.
 */
export function drained(stream: DrainableOut): () => Promise<void> {
  let gone = false;
  // The one wait in progress, released by a drain or by the pipe going away.
  let release: (() => void) | undefined;
  const leave = (): void => {
    gone = true;
    release?.();
  };
  stream.on('close', leave);
  stream.on('error', leave);
  return () => (stream.writableNeedDrain && !gone
    ? new Promise<void>((resolve) => {
      release = () => {
        stream.removeListener('drain', release!);
        release = undefined;
        resolve();
      };
      stream.once('drain', release);
    })
    : Promise.resolve());
}
