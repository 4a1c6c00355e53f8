/**
 * `bedrock-gateway sandbox [--port N] [--latency MS] [--plan lite|growth|premium|ultimate] [--seats N]
 * [--host H]`: runs the embedded Pipedrive sandbox on its own and prints its URL and token. It keeps
 * running after `run` resolves (the listening socket keeps Node alive); bad flags are a UsageError.
 *
 * @example
 *   bedrock-gateway sandbox --port 4010 --latency 20
 *   # Pipedrive sandbox listening on http://127.0.0.1:4010 (token: sandbox-token)
 */
import { startSandbox, type SandboxOptions } from "../sandbox/startSandbox.ts";
import type { Plan } from "../sandbox/types.ts";
import { UsageError } from "./UsageError.ts";

const PLANS: readonly Plan[] = ["lite", "growth", "premium", "ultimate"];

export async function run(argv: string[]): Promise<number> {
  const options = parseFlags(argv);
  const sandbox = await startSandbox(options).catch((error: NodeJS.ErrnoException) => {
    throw listenProblem(error, options) ?? error;
  });
  process.stdout.write(
    `Pipedrive sandbox listening on ${sandbox.url} (token: ${sandbox.token})\n` +
      `  API: ${sandbox.url}/api/v2/...  ${sandbox.url}/api/v1/...   control plane: ${sandbox.url}/__sandbox/\n`,
  );
  return 0;
}

// A port taken or a host this machine does not have is the user's to fix, not a stack trace.
function listenProblem(error: NodeJS.ErrnoException, options: SandboxOptions): UsageError | undefined {
  const where = `${options.host ?? "127.0.0.1"}:${options.port ?? 0}`;
  if (error.code === "EADDRINUSE") return new UsageError(`port ${options.port} on ${options.host ?? "127.0.0.1"} is already in use; pass a free one with --port N (--port 0 picks one)`);
  if (error.code === "EACCES") return new UsageError(`not allowed to listen on ${where}; use a port above 1023 with --port N`);
  if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") {
    return new UsageError(`cannot listen on ${where}: '${options.host}' is not an address of this machine; use --host 127.0.0.1, or 0.0.0.0 for every interface`);
  }
  return undefined;
}

/** Reads the command's flags; every mistake names the flag and the value it needs. */
export function parseFlags(argv: readonly string[]): SandboxOptions {
  const options: SandboxOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const [name, inline] = flag.includes("=") ? (flag.split(/=(.*)/s, 2) as [string, string]) : [flag, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${name} needs a value`);
      return v;
    };
    const integer = (min: number, max: number): number => {
      const v = value();
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}, got '${v}'`);
      return n;
    };
    switch (name) {
      case "--port":
        options.port = integer(0, 65_535);
        break;
      case "--latency":
        options.latencyMs = integer(0, 600_000);
        break;
      case "--seats":
        options.seats = integer(1, 100_000);
        break;
      case "--host":
        options.host = value();
        break;
      case "--plan": {
        const plan = value();
        if (!(PLANS as readonly string[]).includes(plan)) throw new UsageError(`--plan must be one of ${PLANS.join(", ")}, got '${plan}'`);
        options.plan = plan as Plan;
        break;
      }
      default:
        throw new UsageError(`unknown flag '${flag}' for sandbox; use --port N, --latency MS, --plan ${PLANS.join("|")}, --seats N, --host H`);
    }
  }
  return options;
}
