/**
 * Runs `task` one call at a time — `runs` measured calls after `warmup` unmeasured ones — and returns each
 * measured call's duration in ms. Bounded in count and in time: stops early after `maxMs`.
 * A task that throws stops the run: a benchmark of failing queries measures nothing.
 *
 * @example
 *   const ms = await runSequential((i) => send(i), { runs: 50, warmup: 5 });
 */
export async function runSequential(
  task: (i: number) => Promise<unknown>,
  options: { runs: number; warmup?: number; maxMs?: number; startIndex?: number },
): Promise<number[]> {
  const maxMs = options.maxMs ?? 30_000;
  const started = performance.now();
  let i = options.startIndex ?? 0;
  for (let w = 0; w < (options.warmup ?? 0); w++) await task(i++);
  const durations: number[] = [];
  for (let r = 0; r < options.runs && performance.now() - started < maxMs; r++) {
    const t0 = performance.now();
    await task(i++);
    durations.push(performance.now() - t0);
  }
  return durations;
}
