/**
 * The only error the gateway shows callers: a GraphQLError whose `extensions.code` says what kind of failure
 * it is and whose `extensions.field` names the offending input field path, when there is one.
 * Messages state the contract and echo the bad value; they never carry tokens or upstream URLs.
 *
 * @example
 *   throw GatewayError.badInput("owner", `owner must be the id of an existing Pipedrive user, got "77"`);
 *   throw GatewayError.forbidden("Contact", "create");
 */
import { GraphQLError } from "graphql";
import type { Operation } from "../dsl/catalog/types.ts";

export type GatewayErrorCode =
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "UPSTREAM_RATE_LIMITED"
  | "UPSTREAM_ERROR"
  /** A create was sent to Pipedrive but no usable answer came back: the record may or may not exist. */
  | "UPSTREAM_OUTCOME_UNKNOWN"
  | "IDEMPOTENCY_CONFLICT"
  /** Another create with the same idempotency key, or the same dedupe key, is still running. */
  | "CREATE_IN_PROGRESS";

export class GatewayError extends GraphQLError {
  readonly code: GatewayErrorCode;
  readonly field: string | undefined;

  constructor(code: GatewayErrorCode, message: string, options: { field?: string; extensions?: Record<string, unknown> } = {}) {
    const extensions: Record<string, unknown> = { code, ...options.extensions };
    if (options.field !== undefined) extensions.field = options.field;
    super(message, { extensions });
    // `name` stays "GraphQLError": servers (yoga) recognise GraphQL errors by it and pass them unmasked.
    this.code = code;
    this.field = options.field;
  }

  static badInput(field: string | undefined, message: string, extensions?: Record<string, unknown>): GatewayError {
    return new GatewayError("BAD_USER_INPUT", message, { ...(field === undefined ? {} : { field }), ...(extensions ? { extensions } : {}) });
  }

  static forbidden(object: string, op: Operation, field?: string): GatewayError {
    const what = op === "read" ? `read ${object} records` : `${op} ${object} records`;
    return new GatewayError("FORBIDDEN", `This API key may not ${what}; ask for the "${object.toLowerCase()}:${op}" scope.`, field === undefined ? {} : { field });
  }

  static notFound(object: string, id: string | number, field?: string): GatewayError {
    return new GatewayError("NOT_FOUND", `No ${object} with id ${JSON.stringify(String(id))} exists in Pipedrive.`, field === undefined ? {} : { field });
  }

  static upstream(message: string): GatewayError {
    return new GatewayError("UPSTREAM_ERROR", message);
  }
}
