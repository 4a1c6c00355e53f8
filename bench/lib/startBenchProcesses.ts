import { createHash, randomBytes } from "node:crypto";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./freePort.ts";
import { SandboxControl, type SandboxSettings } from "./SandboxControl.ts";
import type { GraphqlTarget } from "./sendGraphql.ts";
import { startProcess, type BenchProcess } from "./startProcess.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The sandbox's demo token, which the gateway and the peer send upstream. */
export const SANDBOX_TOKEN = "sandbox-token";

/** Sandbox limits high enough that the benchmark measures servers, not Pipedrive's rate limits. */
export const BENCH_SANDBOX = { plan: "ultimate", seats: 1000, burst: 100_000, searchBurst: 100_000 } as const satisfies SandboxSettings;

/** A GraphQL server under test, started as its own process. */
export interface StartedTarget {
  process: BenchProcess;
  target: GraphqlTarget;
}

const announce = (url: string) => (p: BenchProcess) => process.stdout.write(`started ${p.name} (pid ${p.pid}) at ${url}\n`);

/**
 * Starts the embedded Pipedrive sandbox on a free port with `latencyMs` added to every answer.
 *
 * @example
 *   const { process: sandbox, control, url } = await startSandboxProcess(20);
 */
export async function startSandboxProcess(latencyMs: number): Promise<{ process: BenchProcess; control: SandboxControl; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const sandbox = await startProcess({
    name: "sandbox",
    args: ["src/cli/main.ts", "sandbox", "--port", String(port), "--latency", String(latencyMs)],
    cwd: ROOT,
    readyUrl: `${url}/__sandbox/log`,
    onReady: announce(url),
  });
  const control = new SandboxControl(url);
  try {
    await control.configure({ latencyMs, ...BENCH_SANDBOX });
  } catch (error) {
    // The caller never receives the process to stop, so it is stopped here.
    await sandbox.stop();
    throw error;
  }
  return { process: sandbox, control, url };
}

// The gateway sees a "real" Pipedrive (the sandbox), so it needs one API key: every scope, sent as a bearer token.
function gatewayEnv(port: number, sandboxUrl: string, apiKey: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["REDIS_URL", "BEDROCK_CONFIG", "BEDROCK_API_KEYS", "PIPEDRIVE_API_TOKEN", "PIPEDRIVE_BASE_URL", "NODE_OPTIONS"]) delete env[name];
  return {
    ...env,
    PORT: String(port),
    HOST: "127.0.0.1",
    PIPEDRIVE_BASE_URL: sandboxUrl,
    PIPEDRIVE_API_TOKEN: SANDBOX_TOKEN,
    BEDROCK_API_KEYS: `bench:${createHash("sha256").update(apiKey).digest("hex")}:*`,
    LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL ?? "warn",
  };
}

/**
 * Starts the gateway (`node [nodeArgs] src/cli/main.ts serve`) against the sandbox at `sandboxUrl`, with one
 * API key of every scope; resolves once /readyz answers. With `cgroupProcsFile` it runs inside that cgroup.
 *
 * @example
 *   const gateway = await startGatewayProcess(sandboxUrl, ["--max-old-space-size=256"]);
 *   await sendGraphql(gateway.target, "{ owners(first: 1) { nodes { id } } }");
 */
export async function startGatewayProcess(sandboxUrl: string, nodeArgs: readonly string[] = [], cgroupProcsFile?: string): Promise<StartedTarget> {
  const port = await freePort();
  const apiKey = randomBytes(24).toString("base64url");
  const url = `http://127.0.0.1:${port}/graphql`;
  const gateway = await startProcess({
    name: "gateway",
    args: [...nodeArgs, "src/cli/main.ts", "serve"],
    cwd: ROOT,
    env: gatewayEnv(port, sandboxUrl, apiKey),
    readyUrl: `http://127.0.0.1:${port}/readyz`,
    timeoutMs: 30_000,
    onReady: announce(url),
    ...(cgroupProcsFile ? { cgroupProcsFile } : {}),
  });
  return { process: gateway, target: { name: "gateway", url, headers: { authorization: `Bearer ${apiKey}` } } };
}

/**
 * Starts the hand-written peer (`node [nodeArgs] bench/peer/server.ts`) against the sandbox at `sandboxUrl`.
 *
 * @example
 *   const peer = await startPeerProcess(sandboxUrl);
 */
export async function startPeerProcess(sandboxUrl: string, nodeArgs: readonly string[] = [], cgroupProcsFile?: string): Promise<StartedTarget> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const peer = await startProcess({
    name: "peer",
    args: [...nodeArgs, "bench/peer/server.ts", "--port", String(port), "--upstream", sandboxUrl, "--token", SANDBOX_TOKEN],
    cwd: ROOT,
    env,
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    onReady: announce(url),
    ...(cgroupProcsFile ? { cgroupProcsFile } : {}),
  });
  return { process: peer, target: { name: "peer", url } };
}
