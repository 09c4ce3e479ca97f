/**
 * Runs work for one key (a pull request) one at a time in this process. Two events for the same
 * pull request at once (opened and a quick push, a redelivery) then see each other's comments,
 * and each finding is posted once.
 */
const tails = new Map<string, Promise<void>>();

export async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  await previous;
  try {
    return await work();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
