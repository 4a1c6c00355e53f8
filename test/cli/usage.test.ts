import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "./runCli.ts";

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe("bedrock-gateway usage and help", () => {
  it("lists the commands on stdout for --help, and on stderr with exit 1 when no command is given", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe("");
    for (const command of ["check", "format", "compile", "catalog pull", "serve", "hash-key", "sandbox"]) expect(help.stdout).toContain(`bedrock-gateway ${command}`);
    const none = await runCli([]);
    expect(none).toEqual({ code: 1, stdout: "", stderr: help.stdout });
  });

  it("answers `<command> --help` with that command's usage, exit 0, whatever else is on the line", async () => {
    for (const [args, usage] of [
      [["check", "--help"], "check [paths] [--format text|json] [--catalog file]"],
      [["format", "-h"], "format [--check] [paths]"],
      [["compile", "--out", "x.graphql", "--help"], "compile [--out file] [--mappings dir]"],
      [["serve", "--help"], "serve"],
      [["sandbox", "--help"], "sandbox [--port N]"],
      [["hash-key", "--help"], "hash-key [key]"],
      [["catalog", "pull", "--help"], "catalog pull [--out file]"],
    ] as const) {
      const r = await runCli([...args]);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: "" });
      expect(r.stdout.startsWith(`Usage: bedrock-gateway ${usage}`)).toBe(true);
    }
  });

  it("says so when the sandbox cannot listen (a port taken, a host not of this machine), without a stack trace", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const busy = await runCli(["sandbox", "--port", String(port)]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toBe(`error: port ${port} on 127.0.0.1 is already in use; pass a free one with --port N (--port 0 picks one)\n`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    // 192.0.2.1 (TEST-NET-1) is never a local address: binding fails before any traffic could be sent.
    const foreign = await runCli(["sandbox", "--port", "0", "--host", "192.0.2.1"]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/^error: cannot listen on 192\.0\.2\.1:0: '192\.0\.2\.1' is not an address of this machine/);
    noStack(foreign.stderr);
  });

  it("refuses a file that is not a .map file instead of parsing it as one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bedrock-usage-"));
    const notes = join(dir, "notes.txt");
    writeFileSync(notes, "object Owner from User {}\n");
    for (const command of ["check", "format"]) {
      const r = await runCli([command, notes]);
      expect(r).toEqual({ code: 1, stdout: "", stderr: `error: '${notes}' is not a .map file; give .map files, or a directory for every .map file in it ('${dir}')\n` });
    }
  });

  it("reports hash-key misuse as one error line and the usage, no stack trace", async () => {
    const flag = await runCli(["hash-key", "--bogus"]);
    expect(flag).toEqual({ code: 1, stdout: "", stderr: "error: Unknown option '--bogus'\nusage: bedrock-gateway hash-key [key] [--name app] [--scopes contact:read,contact:create]\n" });
    const two = await runCli(["hash-key", "a", "b"]);
    expect(two.code).toBe(1);
    expect(two.stderr).toBe("error: hash-key takes at most one key, got 2\nusage: bedrock-gateway hash-key [key] [--name app] [--scopes contact:read,contact:create]\n");
    noStack(flag.stderr);
  });
});

describe("bedrock-gateway check: the files named", () => {
  it("reads a file saved with a byte-order mark and CRLF line ends with the columns a person counts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bedrock-bom-"));
    writeFileSync(join(dir, "owner.map"), "\uFEFFobject Owner from Usr {\r\n  id : ID <- id\r\n}\r\n");
    const r = await runCli(["check", join(dir, "owner.map"), "--catalog", `${repoRoot}mappings/pipedrive-catalog.json`, "--format", "json"]);
    expect(JSON.parse(r.stdout).diagnostics.map((d: { code: string; line: number; column: number }) => [d.code, d.line, d.column])).toEqual([["MAP101", 1, 19]]);
  });

  it("checks a file named twice (a directory and one of its files, spelt differently) once", async () => {
    const r = await runCli(["check", "mappings", "./mappings/owner.map", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files).toEqual(["mappings/activity.map", "mappings/company.map", "mappings/contact.map", "mappings/opportunity.map", "mappings/owner.map"]);
  });
});

describe("bedrock-gateway output into a pipe that closes early (check | head)", () => {
  it("stops quietly, exit 1, without an EPIPE stack trace", async () => {
    // Many files with errors: far more output than a pipe buffers, so writes go on after the reader has left.
    const dir = mkdtempSync(join(tmpdir(), "bedrock-pipe-"));
    for (let i = 0; i < 200; i++) writeFileSync(join(dir, `o${i}.map`), `object Owner${i} from User {\n  id : ID <- id\n}\n`);
    const child = spawn(process.execPath, [`${repoRoot}src/cli/main.ts`, "check", dir, "--catalog", `${repoRoot}mappings/pipedrive-catalog.json`], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(stderr).toBe("");
    expect(code).toBe(1);
  });
});

describe("bedrock-gateway compile --catalog", () => {
  it("compiles a directory without a snapshot of its own against the catalog given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bedrock-compile-"));
    for (const f of ["owner.map", "contact.map", "company.map", "opportunity.map", "activity.map"]) cpSync(`${repoRoot}mappings/${f}`, join(dir, f));
    const without = await runCli(["compile", "--mappings", dir]);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain("cannot read the catalog snapshot");
    const r = await runCli(["compile", "--mappings", dir, "--catalog", `${repoRoot}mappings/pipedrive-catalog.json`]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toBe(readFileSync(`${repoRoot}schema/bedrock.graphql`, "utf8"));
  });
});
