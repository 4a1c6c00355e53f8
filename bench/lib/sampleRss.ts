import { readFileSync } from "node:fs";

/** Resident memory of a process, in kB, from /proc/<pid>/status: now (VmRSS) and its peak so far (VmHWM). */
export interface RssReading {
  rssKb: number;
  hwmKb: number;
}

/**
 * Reads /proc/<pid>/status (Linux). Returns undefined when the process is gone or /proc is unavailable.
 *
 * @example
 *   readRss(process.pid); // { rssKb: 61234, hwmKb: 65012 }
 */
export function readRss(pid: number): RssReading | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? Number.NaN);
  return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
}

/**
 * Samples VmRSS every `intervalMs` until stopped; `stop()` returns the highest VmRSS seen (kB), which
 * catches the peak of one phase, where VmHWM only knows the peak since the process started.
 *
 * @example
 *   const sampler = sampleRss(gateway.pid);
 *   await load();
 *   const peakKb = sampler.stop();
 */
export function sampleRss(pid: number, intervalMs = 50): { stop(): number } {
  let peak = readRss(pid)?.rssKb ?? Number.NaN;
  const take = () => {
    const reading = readRss(pid);
    if (reading && !(reading.rssKb <= peak)) peak = reading.rssKb;
  };
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}
