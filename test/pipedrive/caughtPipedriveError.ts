import { expect } from "vitest";
import { PipedriveError } from "../../src/pipedrive/PipedriveError.ts";

/** Awaits a promise that must reject with a PipedriveError, and returns that error for further assertions. */
export async function caught(promise: Promise<unknown>): Promise<PipedriveError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PipedriveError);
  return error as PipedriveError;
}
