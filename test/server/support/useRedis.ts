/**
 * A Redis for tests: REDIS_URL_TEST when CI provides one, otherwise a private `redis-server` on a free port,
 * started for this file and stopped after it. Each call to `prefix()` is a fresh key prefix, so test files
 * (and tests) sharing one Redis never see each other's keys.
 *
 * @example
 *   const redis = await startTestRedis();
 *   afterAll(() => redis.stop());
 *   createSharedState({ redisUrl: redis.url, prefix: redis.prefix() });
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";

export interface TestRedis {
  url: string;
  prefix(): string;
  stop(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const prefix = () => `test-${randomUUID().slice(0, 8)}`;
  const shared = process.env.REDIS_URL_TEST;
  if (shared) return { url: shared, prefix, stop: async () => {} };

  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await readyOrExit(child);
  return {
    url: `redis://127.0.0.1:${port}`,
    prefix,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function readyOrExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve();
    });
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new Error("redis-server is not installed: install it (Debian: apt-get install redis-server) or set REDIS_URL_TEST to a Redis the tests may use") : error),
    );
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
