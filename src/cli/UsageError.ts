/** A mistake in how a command was called or configured: printed as one line, exit code 1, no stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}
