/**
 * An error the sandbox answers with Pipedrive's error envelope
 * `{success:false, error, error_info, data:null, additional_data:null}` and the given status.
 *
 * @example
 *   throw new ApiError(400, "owner_id must be the id of an existing user: 42", "Use an id from GET /api/v1/users.");
 */
export class ApiError extends Error {
  readonly status: number;
  readonly errorInfo: string;

  constructor(status: number, message: string, errorInfo = "Please check developers.pipedrive.com") {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.errorInfo = errorInfo;
  }

  static badRequest(message: string, errorInfo?: string): ApiError {
    return new ApiError(400, message, errorInfo);
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, "Entity was not found", `${what} does not exist or is not accessible.`);
  }
}
