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
