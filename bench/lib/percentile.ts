/**
 * The p-th percentile (0..100) of samples, nearest-rank method on a sorted copy; NaN for no samples.
 *
 * @example
 *   percentile([5, 1, 3, 2, 4], 50); // 3
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within 0..100, got ${p}`);
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}
