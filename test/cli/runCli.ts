/**
 * Runs `node src/cli/main.ts <args>` as a child process and collects its exit code and output.
 *
 * @example
 *   const { code, stdout } = await runCli(["check", "--format", "json"]);
 */
import { execFile } from "node:child_process";

export const repoRoot = new URL("../../", import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", PIPEDRIVE_API_TOKEN: undefined, PIPEDRIVE_BASE_URL: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [`${repoRoot}src/cli/main.ts`, ...args], { cwd: options.cwd ?? repoRoot, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
