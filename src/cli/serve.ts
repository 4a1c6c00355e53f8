/**
 * `bedrock-gateway serve` (= `npm start`): runs the gateway configured by the environment (and
 * BEDROCK_CONFIG); see the README's Configuration section. Returns 0 once listening (the open socket keeps the process
 * alive; SIGINT/SIGTERM close it cleanly), 1 with the problem printed when it cannot start: every
 * configuration problem, or the rendered diagnostics when the mappings drifted from the live Pipedrive fields.
 * NODE_ENV unset is taken as "production" (see defaultNodeEnv.ts).
 *
 * @example
 *   PORT=4000 node src/cli/main.ts serve
 */
// First, so NODE_ENV is settled before graphql (loaded through startGateway) reads it.
import "./defaultNodeEnv.ts";
import { ConfigError } from "../config/ConfigError.ts";
import { startGateway } from "../server/startGateway.ts";
import { StartupError } from "../server/StartupError.ts";
import { UsageError } from "./UsageError.ts";

export async function run(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    throw new UsageError(`serve takes no arguments (got '${argv.join(" ")}'); configure it with environment variables, see the README's Configuration section`);
  }
  let gateway;
  try {
    gateway = await startGateway({ env: process.env });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const stop = (signal: string) => {
    gateway.logger.info({ signal }, "Shutting down");
    void gateway.close().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  return 0;
}
