import { spawn, type ChildProcess } from "node:child_process";

/** A child process started by the benchmark: stopped on `stop()`, and killed when the benchmark exits. */
export interface BenchProcess {
  readonly name: string;
  readonly pid: number;
  /** The last output lines (stdout and stderr), for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs` if it is still alive. Resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartProcessOptions {
  name: string;
  /** Arguments for `node` (process.execPath), e.g. ["src/cli/main.ts", "sandbox", "--port", "4100"]. */
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Polled with GET until it answers (any status below 500): the process is then ready. */
  readyUrl: string;
  /** Give up (and kill the process) after this long. Default 20 s. */
  timeoutMs?: number;
  /** Called once the process is ready, e.g. to print its pid. */
  onReady?(process: BenchProcess): void;
  /** A cgroup's `cgroup.procs`: the process joins that cgroup before node starts (see memoryCgroup). */
  cgroupProcsFile?: string;
}

const OUTPUT_LIMIT = 16_384;
const live = new Set<ChildProcess>();

// The benchmark must never leave a sandbox or gateway running, even when it crashes or is interrupted.
function killAllSync(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
}
process.once("exit", killAllSync);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAllSync();
    process.exit(130);
  });
}

/**
 * Starts `node <args>` as a separate process and resolves once `readyUrl` answers. Rejects, with the
 * process's last output, when it exits early or is not ready within `timeoutMs`.
 *
 * @example
 *   const sandbox = await startProcess({ name: "sandbox", args: ["src/cli/main.ts", "sandbox", "--port", "4100"],
 *     readyUrl: "http://127.0.0.1:4100/__sandbox/log" });
 *   await sandbox.stop();
 */
export async function startProcess(options: StartProcessOptions): Promise<BenchProcess> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  // Through sh, which moves itself into the cgroup and then becomes node: node starts inside it, as in a container.
  const [command, args] = options.cgroupProcsFile
    ? ["/bin/sh", ["-c", 'echo $$ > "$0" && exec "$@"', options.cgroupProcsFile, process.execPath, ...options.args]]
    : [process.execPath, options.args];
  const child = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  exited.then(() => live.delete(child));

  const handle: BenchProcess = {
    name: options.name,
    pid: child.pid ?? -1,
    output: () => output,
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };

  let early: string | undefined;
  exited.then(() => {
    early = `${options.name} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready`;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (early) break;
    if (await answers(options.readyUrl)) {
      options.onReady?.(handle);
      return handle;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await handle.stop(500);
  const reason = early ?? `${options.name} did not answer ${options.readyUrl} within ${timeoutMs} ms`;
  throw new Error(`${reason}.\nCommand: node ${options.args.join(" ")}\nLast output:\n${output.trim() || "(none)"}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status < 500;
  } catch {
    return false;
  }
}
