import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

// A fresh node process lists every module that loading the gateway resolves (this test runner has loaded more).
function modulesLoadedBy(entry: string): Promise<string[]> {
  const script = `
    import { registerHooks } from "node:module";
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.push(r.url); return r; } });
    await import(${JSON.stringify(entry)});
    process.stdout.write(JSON.stringify(seen));
  `;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: root, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as string[]);
    });
  });
}

describe("start-up footprint", () => {
  it("loading the gateway leaves out the embedded sandbox and the Redis client until they are used", async () => {
    const loaded = await modulesLoadedBy("./src/cli/serve.ts");
    expect(loaded.some((url) => url.endsWith("/src/server/startGateway.ts"))).toBe(true);
    expect(loaded.filter((url) => url.includes("/src/sandbox/"))).toEqual([]);
    expect(loaded.filter((url) => url.includes("@keyv/redis") || url.includes("@redis/") || url.endsWith("/RedisAtomicStore.ts"))).toEqual([]);
  });
});
