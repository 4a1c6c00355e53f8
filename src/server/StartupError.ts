/**
 * The gateway cannot start for a reason an operator fixes: the mappings no longer match the account's
 * fields, a key names an unknown object, Pipedrive refuses the token. `serve` prints the message and exits
 * with code 1, without a stack trace.
 *
 * @example
 *   throw new StartupError("the mappings do not match the live Pipedrive fields:\n\n" + rendered);
 */
export class StartupError extends Error {
  override name = "StartupError";
}
