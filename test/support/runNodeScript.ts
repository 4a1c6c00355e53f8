import { spawn } from "node:child_process";

/**
 * Runs `node <script> <args>` as the npm scripts do and resolves with its exit code and everything it printed
 * (stdout and stderr interleaved); rejects, after killing it, when it runs longer than `timeoutMs`.
 *
 * @example
 *   const { code, output } = await runNodeScript("bench/run.ts", ["--quick"], 30_000);
 */
export function runNodeScript(
  script: string,
  args: readonly string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`${script} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
