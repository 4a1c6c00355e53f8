/**
 * Every failure of a Pipedrive call, classified so callers decide without parsing messages: the GraphQL
 * layer maps `code` to its own error codes, and `retryable` says whether trying again later can help.
 *
 * @example
 * try { await client.get("persons", 7); }
 * catch (e) { if (e instanceof PipedriveError && e.code === "UNAUTHORIZED") askForANewToken(); }
 */
export type PipedriveErrorCode =
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_REQUEST"
  | "RATE_LIMITED"
  | "BUDGET_EXHAUSTED"
  | "TIMEOUT"
  | "NETWORK"
  | "UPSTREAM_ERROR"
  | "MALFORMED_RESPONSE";

export interface PipedriveErrorDetails {
  code: PipedriveErrorCode;
  /** Endpoint template, e.g. "GET /api/v2/persons/{id}". */
  endpoint: string;
  status?: number;
  pipedriveError?: string;
  pipedriveErrorInfo?: string;
  retryable: boolean;
  /**
   * True when this is a POST that may have been applied although no usable answer came back (a timeout, a
   * connection lost after sending, a 5xx, an answer that is not the record): the record may exist.
   */
  writeMayHaveApplied?: boolean;
  cause?: unknown;
}

export class PipedriveError extends Error {
  override name = "PipedriveError";
  code: PipedriveErrorCode;
  status?: number;
  endpoint: string;
  /** Pipedrive's `error` text from the error envelope, when it sent one. */
  pipedriveError?: string;
  /** Pipedrive's `error_info` text from the error envelope, when it sent one. */
  pipedriveErrorInfo?: string;
  retryable: boolean;
  /** See PipedriveErrorDetails.writeMayHaveApplied: a create whose outcome is unknown. */
  writeMayHaveApplied: boolean;

  constructor(message: string, details: PipedriveErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.endpoint = details.endpoint;
    this.retryable = details.retryable;
    this.writeMayHaveApplied = details.writeMayHaveApplied ?? false;
    if (details.status !== undefined) this.status = details.status;
    if (details.pipedriveError !== undefined) this.pipedriveError = details.pipedriveError;
    if (details.pipedriveErrorInfo !== undefined) this.pipedriveErrorInfo = details.pipedriveErrorInfo;
  }
}
