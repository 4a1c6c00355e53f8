/**
 * Pipedrive's response envelopes, built in one place so every endpoint answers alike.
 *
 * @example
 *   listEnvelope([{ id: 1 }], null); // { success: true, data: [...], additional_data: { next_cursor: null } }
 *   errorEnvelope("Entity was not found", "Person 9 does not exist.");
 */
export interface ErrorEnvelope {
  success: false;
  error: string;
  error_info: string;
  data: null;
  additional_data: null;
}

export function listEnvelope(data: unknown[], nextCursor: string | null): unknown {
  return { success: true, data, additional_data: { next_cursor: nextCursor } };
}

export function itemEnvelope(data: unknown): unknown {
  return { success: true, data };
}

export function errorEnvelope(error: string, errorInfo: string): ErrorEnvelope {
  return { success: false, error, error_info: errorInfo, data: null, additional_data: null };
}

/** The body Pipedrive's API gateway sends for a missing or unknown token. */
export function unauthorizedEnvelope(): unknown {
  return { success: false, error: "unauthorized access", errorCode: 401, error_info: "Please check developers.pipedrive.com" };
}
