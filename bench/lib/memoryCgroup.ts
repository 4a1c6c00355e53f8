/**
 * A memory-limited Linux cgroup, the way a container runtime limits a container: a process started inside sees
 * the limit (Node sizes V8's heap from it, as in a container) and is OOM-killed past it. Needs a writable cgroup
 * memory controller (root, cgroup v1 `memory` or v2 with the memory controller); otherwise `createMemoryCgroup`
 * says why it cannot, and the benchmark reports the rows as skipped.
 *
 * @example
 *   const group = createMemoryCgroup("bench-gw-256", 256);
 *   if ("path" in group) { spawnInside(group.procsFile); …; group.peakUsageMb(); group.oomKills(); group.remove(); }
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface MemoryCgroup {
  path: string;
  /** Write a pid here to move that process into the group. */
  procsFile: string;
  /** The most memory the group was charged at once (cgroup v1 max_usage_in_bytes, v2 memory.peak), MB. */
  peakUsageMb(): number | null;
  /** Processes of the group the kernel killed for exceeding the limit. */
  oomKills(): number;
  remove(): void;
}

const V1_ROOT = "/sys/fs/cgroup/memory";
const V2_ROOTS = ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"];

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

// A group still holding a process (a kill not yet reaped) stays; the next run reuses it by name.
function removeQuietly(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // left for reuse
  }
}

const mb = (bytes: string | undefined) => (bytes === undefined || !/^\d+/.test(bytes.trim()) ? null : Math.round(Number.parseInt(bytes, 10) / 1048576));
const counter = (text: string | undefined, name: string) => Number(new RegExp(`^${name} (\\d+)`, "m").exec(text ?? "")?.[1] ?? 0);

/**
 * Creates (or reuses) the cgroup `name` limited to `limitMb`, or returns `{ unavailable }` with the reason.
 */
export function createMemoryCgroup(name: string, limitMb: number): MemoryCgroup | { unavailable: string } {
  const bytes = String(limitMb * 1024 * 1024);
  try {
    if (existsSync(join(V1_ROOT, "memory.limit_in_bytes"))) {
      const path = join(V1_ROOT, name);
      mkdirSync(path, { recursive: true });
      writeFileSync(join(path, "memory.limit_in_bytes"), bytes);
      writeFileSync(join(path, "memory.max_usage_in_bytes"), "0");
      const oomBefore = counter(read(join(path, "memory.oom_control")), "oom_kill");
      return {
        path,
        procsFile: join(path, "cgroup.procs"),
        peakUsageMb: () => mb(read(join(path, "memory.max_usage_in_bytes"))),
        oomKills: () => counter(read(join(path, "memory.oom_control")), "oom_kill") - oomBefore,
        remove: () => removeQuietly(path),
      };
    }
    const root = V2_ROOTS.find((dir) => (read(join(dir, "cgroup.controllers")) ?? "").split(/\s+/).includes("memory"));
    if (root) {
      if (!(read(join(root, "cgroup.subtree_control")) ?? "").includes("memory")) writeFileSync(join(root, "cgroup.subtree_control"), "+memory");
      const path = join(root, name);
      mkdirSync(path, { recursive: true });
      writeFileSync(join(path, "memory.max"), bytes);
      // Without swap accounting the file is absent; a container without swap is the same then.
      if (existsSync(join(path, "memory.swap.max"))) writeFileSync(join(path, "memory.swap.max"), "0");
      return {
        path,
        procsFile: join(path, "cgroup.procs"),
        peakUsageMb: () => mb(read(join(path, "memory.peak"))),
        oomKills: () => counter(read(join(path, "memory.events")), "oom_kill"),
        remove: () => removeQuietly(path),
      };
    }
    return { unavailable: "no cgroup memory controller on this machine" };
  } catch (error) {
    return { unavailable: `cannot create a memory cgroup (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; root and a writable /sys/fs/cgroup are needed)` };
  }
}
