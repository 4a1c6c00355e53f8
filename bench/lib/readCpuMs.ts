import { readFileSync } from "node:fs";

// Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux the benchmark runs on.
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat; undefined when the
 * process is gone or /proc is unavailable. The difference of two readings is the CPU a phase cost.
 *
 * @example
 *   const before = readCpuMs(pid);
 *   await load();
 *   const cpuMs = readCpuMs(pid)! - before!;
 */
export function readCpuMs(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start after the last ')'; utime and stime are 14 and 15.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
}
