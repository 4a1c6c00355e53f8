/**
 * `node:util` parseArgs for one command, strict: an unknown flag or a missing value is a UsageError
 * that quotes the command's usage line.
 *
 * @example
 *   const { values, positionals } = parseArguments(argv, { out: { type: "string" } }, "compile [--out file]");
 */
import { parseArgs } from "node:util";
import type { ParseArgsOptionsConfig } from "node:util";
import { UsageError } from "./UsageError.ts";

export function parseArguments<T extends ParseArgsOptionsConfig>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(`${message}\nusage: bedrock-gateway ${usage}`);
  }
}
