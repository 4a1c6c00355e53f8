/**
 * Golden files: each test/fixtures/check-err/*.map is checked alone by the real CLI, and what `check` prints
 * (without colour) must equal the committed `<name>.snap` beside it. Update with `npx vitest run -u`.
 * The catalog is the committed snapshot, or `<name>.catalog.json` when the fixture brings one.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { promisify } from "node:util";
import { describe, it } from "vitest";
import { repoRoot } from "./support.ts";

const run = promisify(execFile);
const dir = "test/fixtures/check-err";
const fixtures = readdirSync(`${repoRoot}${dir}`).filter((f) => f.endsWith(".map")).sort();

// A fixture that needs another account brings its catalog as `<name>.catalog.json`.
async function check(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const catalog = file.replace(/\.map$/, ".catalog.json");
  const args = ["src/cli/main.ts", "check", file, ...(existsSync(`${repoRoot}${catalog}`) ? ["--catalog", catalog] : [])];
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("check-err fixtures", () => {
  it("exist, one or more per diagnostic family", ({ expect }) => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  it.concurrent.for(fixtures)("%s prints its snapshot", async (name, { expect }) => {
    const { code, stdout, stderr } = await check(`${dir}/${name}`);
    expect(stderr).toBe("");
    await expect(stdout).toMatchFileSnapshot(`${repoRoot}${dir}/${name.replace(/\.map$/, ".snap")}`);
    // Every fixture fails to check, except the one whose only finding is a warning.
    expect(code).toBe(stdout.includes("\n0 errors,") ? 0 : 1);
    expect(stdout).toMatch(/^(error|warning)\[MAP1\d\d\]/);
  });
});
