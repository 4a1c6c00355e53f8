export interface ClosedLoopResult {
  /** Duration of every completed call, ms. */
  durations: number[];
  /** Wall time from the first call to the last completion, ms. */
  elapsedMs: number;
  /** Completed calls per second. */
  throughput: number;
}

/**
 * A closed loop: `concurrency` workers, each sending its next call as soon as the previous one answered,
 * until `maxRequests` calls were started or `maxMs` has passed (whichever first). Every call gets a
 * distinct index, so mutations can use fresh input. The first failure stops the loop and is thrown.
 *
 * @example
 *   const { throughput } = await runClosedLoop((i) => send(i), { concurrency: 50, maxRequests: 5000, maxMs: 5000 });
 */
export async function runClosedLoop(
  task: (i: number) => Promise<unknown>,
  options: { concurrency: number; maxRequests: number; maxMs: number; startIndex?: number },
): Promise<ClosedLoopResult> {
  const durations: number[] = [];
  const first = options.startIndex ?? 0;
  let next = first;
  let failure: unknown;
  const started = performance.now();
  const worker = async () => {
    while (failure === undefined && next - first < options.maxRequests && performance.now() - started < options.maxMs) {
      const index = next++;
      const t0 = performance.now();
      try {
        await task(index);
      } catch (error) {
        failure ??= error;
        return;
      }
      durations.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  if (failure !== undefined) throw failure;
  const elapsedMs = performance.now() - started;
  return { durations, elapsedMs, throughput: elapsedMs > 0 ? (durations.length * 1000) / elapsedMs : 0 };
}
