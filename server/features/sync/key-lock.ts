const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `work` after every earlier call with the same key has finished (in this process): two sync
 * jobs never read-modify-write one room's power levels, or onboard one person, at the same time.
 */
export function withKeyLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => {});
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
