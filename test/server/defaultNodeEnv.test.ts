/** `serve` runs graphql-js in production mode unless NODE_ENV says otherwise, decided before graphql loads. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultNodeEnv } from "../../src/cli/defaultNodeEnv.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

// graphql-js only throws "from another module or realm" for a look-alike object in development mode.
function modeAfterLoadingServe(nodeEnv: string | undefined): Promise<{ nodeEnv: string; graphqlChecks: boolean }> {
  const script = `
    await import("./src/cli/serve.ts");
    const { isScalarType } = await import("graphql");
    class GraphQLScalarType { get [Symbol.toStringTag]() { return "GraphQLScalarType"; } }
    let graphqlChecks = false;
    try { isScalarType(new GraphQLScalarType()); } catch { graphqlChecks = true; }
    process.stdout.write(JSON.stringify({ nodeEnv: process.env.NODE_ENV, graphqlChecks }));
  `;
  const env = { ...process.env };
  delete env.NODE_ENV;
  if (nodeEnv !== undefined) env.NODE_ENV = nodeEnv;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: root, env, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as { nodeEnv: string; graphqlChecks: boolean });
    });
  });
}

describe("defaultNodeEnv", () => {
  it("sets production only when NODE_ENV is unset or empty", () => {
    const unset: NodeJS.ProcessEnv = {};
    expect(defaultNodeEnv(unset)).toBe("production");
    expect(unset.NODE_ENV).toBe("production");
    expect(defaultNodeEnv({ NODE_ENV: "" })).toBe("production");
    expect(defaultNodeEnv({ NODE_ENV: "development" })).toBe("development");
    expect(defaultNodeEnv({ NODE_ENV: "test" })).toBe("test");
  });

  it("loading serve puts graphql-js in production mode when NODE_ENV is unset, and keeps a given value", async () => {
    expect(await modeAfterLoadingServe(undefined)).toEqual({ nodeEnv: "production", graphqlChecks: false });
    expect(await modeAfterLoadingServe("development")).toEqual({ nodeEnv: "development", graphqlChecks: true });
  });
});
