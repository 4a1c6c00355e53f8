/**
 * `bedrock-gateway <command>`: dispatches to one module per command. Each command module exports
 * `run(argv): Promise<number>` returning the exit code: 0 on success, 1 on diagnostics or a user's mistake.
 * A user's mistake is reported as a message, never a stack trace; only a bug in the gateway shows one.
 */
import { UsageError } from "./UsageError.ts";

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  check: { summary: "check [paths] [--format text|json]   check .map files against the catalog", load: () => import("./check.ts") },
  format: { summary: "format [--check] [paths]             rewrite .map files in canonical layout", load: () => import("./format.ts") },
  compile: { summary: "compile [--out file]                 print the GraphQL SDL of the mappings", load: () => import("./compile.ts") },
  catalog: { summary: "catalog pull [--out file]            refresh the catalog snapshot from Pipedrive", load: () => import("./catalog.ts") },
  serve: { summary: "serve                                run the gateway (same as npm start)", load: () => import("./serve.ts") },
  "hash-key": { summary: "hash-key [key] [--name app] [--scopes a:read,b:create]  hash an API key for BEDROCK_API_KEYS", load: () => import("./hashKey.ts") },
  sandbox: { summary: "sandbox [--port N]                   run the embedded Pipedrive sandbox alone", load: () => import("./sandbox.ts") },
};

function usage(): string {
  const lines = Object.values(commands).map((c) => `  bedrock-gateway ${c.summary}`);
  return `Usage:\n${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`error: unknown command '${name}'\n\n${usage()}`);
    return 1;
  }
  try {
    const module = await command.load();
    return await module.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

// A server command resolves once it is listening; its open socket keeps the process alive.
process.exitCode = await main(process.argv.slice(2));
