/**
 * An in-process lock per key: calls sharing a key run one after another, others run freely. It is the
 * default `withLock` (one gateway process); replicas need the shared lock the server supplies.
 *
 * @example
 *   const withLock = createLocalLock();
 *   await Promise.all([withLock("k", a), withLock("k", b)]); // b starts after a settles
 */
export function createLocalLock(): <T>(key: string, fn: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.then(() => undefined, () => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
