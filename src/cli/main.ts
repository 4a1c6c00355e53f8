/**
 * `bedrock-gateway <command>`: dispatches to one module per command. Each command module exports
 * `run(argv): Promise<number>` returning the exit code: 0 on success, 1 on diagnostics or a user's mistake.
 * A user's mistake is reported as a message, never a stack trace; only a bug in the gateway shows one.
 */
import { UsageError } from "./UsageError.ts";

type Command = { usage: string; what: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  check: { usage: "check [paths] [--format text|json] [--catalog file]", what: "check .map files against the catalog", load: () => import("./check.ts") },
  format: { usage: "format [--check] [paths]", what: "rewrite .map files in canonical layout", load: () => import("./format.ts") },
  compile: { usage: "compile [--out file] [--mappings dir] [--catalog file]", what: "print the GraphQL SDL of the mappings", load: () => import("./compile.ts") },
  catalog: { usage: "catalog pull [--out file]", what: "refresh the catalog snapshot from Pipedrive", load: () => import("./catalog.ts") },
  serve: { usage: "serve", what: "run the gateway (same as npm start; configured by environment variables)", load: () => import("./serve.ts") },
  "hash-key": { usage: "hash-key [key] [--name app] [--scopes a:read,b:create]", what: "make or hash an API key for BEDROCK_API_KEYS", load: () => import("./hashKey.ts") },
  sandbox: {
    usage: "sandbox [--port N] [--latency MS] [--plan lite|growth|premium|ultimate] [--seats N] [--host H]",
    what: "run the embedded Pipedrive sandbox alone",
    load: () => import("./sandbox.ts"),
  },
};

/** Asks for the command list; after a command, only `--help` and `-h` do (`check help` checks a path "help"). */
const HELP = ["--help", "-h", "help"];

function usage(): string {
  const lines = Object.values(commands).map((c) => `  bedrock-gateway ${c.usage}\n      ${c.what}`);
  return `Usage:\n${lines.join("\n")}\n\nbedrock-gateway <command> --help shows one command; the README's "Command line" section says more.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    process.stderr.write(usage());
    return 1;
  }
  if (HELP.includes(name)) {
    process.stdout.write(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`error: unknown command '${name}'\n\n${usage()}`);
    return 1;
  }
  // `check --help` asks for help, not a check: before `--`, a help flag wins over everything else.
  const end = rest.indexOf("--");
  if ((end < 0 ? rest : rest.slice(0, end)).some((a) => a === "--help" || a === "-h")) {
    process.stdout.write(`Usage: bedrock-gateway ${command.usage}\n  ${command.what}\nSee the README's "Command line" section.\n`);
    return 0;
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

// `check | head -3`: once the reader has gone, stop quietly instead of dying on EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(1);
  });
}

// A server command resolves once it is listening; its open socket keeps the process alive.
process.exitCode = await main(process.argv.slice(2));
