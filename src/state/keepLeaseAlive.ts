/**
 * Keeps a claim or lock alive while its holder works: renews `key` (only while it still holds `token`) every
 * third of `ttlMs`. The time to live then only frees a key whose holder died; a holder that is merely slow
 * (a create waiting out Pipedrive's rate limit, a slow upstream) keeps it, so no second holder can start the
 * same write meanwhile. Renewal failures (the store briefly unreachable) are retried at the next tick.
 *
 * @example
 *   const stop = keepLeaseAlive(store, lockKey, token, 30_000);
 *   try { await work(); } finally { stop(); }
 */
import type { AtomicStore } from "./AtomicStore.ts";

export function keepLeaseAlive(store: AtomicStore, key: string, token: string, ttlMs: number): () => void {
  const timer = setInterval(() => {
    store.extendIfEquals(key, token, ttlMs).catch(() => false);
  }, Math.max(1, Math.floor(ttlMs / 3)));
  // A pending renewal must not keep a stopping process alive.
  timer.unref();
  return () => clearInterval(timer);
}
