/**
 * Wait before retry number `retry` (1 = the first retry): exponential growth capped at `maxDelayMs`, then
 * "equal jitter" (half fixed, half random) so replicas that failed together do not retry together.
 *
 * @example
 * backoffDelay(1, { baseDelayMs: 200, maxDelayMs: 5000 }, () => 0.5) // 150: between 100 and 200
 * backoffDelay(3, { baseDelayMs: 200, maxDelayMs: 5000 }, () => 0.5) // 600: between 400 and 800
 */
export function backoffDelay(
  retry: number,
  options: { baseDelayMs: number; maxDelayMs: number },
  random: () => number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
