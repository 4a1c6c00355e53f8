/**
 * Configuration that cannot run: every problem at once, one line each, naming the variable. Values of
 * secrets are never part of a line.
 *
 * @example
 *   new ConfigError(["PORT: must be an integer from 0 to 65535, got \"abc\""]).message
 *   // "invalid configuration (1 problem):\n  PORT: must be an integer from 0 to 65535, got \"abc\""
 */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    super(`invalid configuration (${count}):\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.problems = problems;
  }
}
