/** Waiting for a slow reader of stdout (src/cli/pipe.ts), with a stream of our own. */
import { describe, expect, test } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { drained } from '../../src/cli/pipe.js';

class FakeOut extends EventEmitter {
  writableNeedDrain = false;
}

describe('drained', () => {
  test('resolves at once when nothing waits to go out', async () => {
    const out = new FakeOut();
    await expect(drained(out)()).resolves.toBeUndefined();
  });

  test('waits for the drain, and leaves no listener behind however many times it waits', async () => {
    const out = new FakeOut();
    const wait = drained(out);
    const listeners = (): number[] => ['drain', 'close', 'error'].map((e) => out.listenerCount(e));
    const before = listeners();
    for (let i = 0; i < 50; i++) {
      out.writableNeedDrain = true;
      let done = false;
      const waiting = wait().then(() => { done = true; });
      await Promise.resolve();
      expect(done).toBe(false);
      out.writableNeedDrain = false;
      out.emit('drain');
      await waiting;
    }
    expect(listeners()).toEqual(before);
  });

  test('a reader that has gone releases the wait in progress, and no later wait starts', async () => {
    const out = new FakeOut();
    const wait = drained(out);
    out.writableNeedDrain = true;
    const waiting = wait();
    out.emit('close');
    await waiting;
    // Still "needs drain" (it never will): a closed pipe must not hold the process.
    await expect(wait()).resolves.toBeUndefined();
    const other = new FakeOut();
    const afterError = drained(other);
    other.writableNeedDrain = true;
    other.emit('error', new Error('EPIPE'));
    await expect(afterError()).resolves.toBeUndefined();
  });
});
