import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";

describe("bedrock-gateway sandbox (as a process)", () => {
  it("prints its URL and token and serves until stopped", async () => {
    const child = spawn(process.execPath, ["src/cli/main.ts", "sandbox", "--port", "0", "--plan", "growth"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+) \(token: sandbox-token\)/.exec(output);
          if (found) resolve(found[1] as string);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code} before listening: ${output}`)));
      });
      const reply = await fetch(`${url}/api/v1/users/me`, { headers: { "x-api-token": "sandbox-token" } });
      expect(reply.status).toBe(200);
      expect(reply.headers.get("x-ratelimit-limit")).toBe("40");
      expect(((await reply.json()) as any).data.name).toBe("Ada Lovelace");
    } finally {
      const exited = once(child, "exit");
      child.kill();
      await exited;
    }
  });

  it("exits 1 with a one-line message for a bad flag", async () => {
    const child = spawn(process.execPath, ["src/cli/main.ts", "sandbox", "--plan", "gold"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(stderr).toBe("error: --plan must be one of lite, growth, premium, ultimate, got 'gold'\n");
  });
});
