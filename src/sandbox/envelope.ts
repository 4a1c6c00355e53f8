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

const LIST_HEAD = Buffer.from('{"success":true,"data":[');
const COMMA = Buffer.from(",");
const ITEM_HEAD = Buffer.from('{"success":true,"data":');
const ITEM_TAIL = Buffer.from("}");

/**
 * The bytes of `JSON.stringify(listEnvelope(items, nextCursor))` from items already serialised, so a list
 * answer is a copy of cached record JSON instead of a fresh stringify.
 *
 * @example
 *   listEnvelopeJson([Buffer.from('{"id":1}')], null).toString(); // {"success":true,"data":[{"id":1}],"additional_data":{"next_cursor":null}}
 */
export function listEnvelopeJson(items: readonly Buffer[], nextCursor: string | null): Buffer {
  const parts: Buffer[] = [LIST_HEAD];
  items.forEach((item, index) => {
    if (index > 0) parts.push(COMMA);
    parts.push(item);
  });
  parts.push(Buffer.from(`],"additional_data":{"next_cursor":${JSON.stringify(nextCursor)}}}`));
  return Buffer.concat(parts);
}

/** The bytes of `JSON.stringify(itemEnvelope(data))` from `data` already serialised. */
export function itemEnvelopeJson(item: Buffer): Buffer {
  return Buffer.concat([ITEM_HEAD, item, ITEM_TAIL]);
}

export function errorEnvelope(error: string, errorInfo: string): ErrorEnvelope {
  return { success: false, error, error_info: errorInfo, data: null, additional_data: null };
}

/** The body Pipedrive's API gateway sends for a missing or unknown token. */
export function unauthorizedEnvelope(): unknown {
  return { success: false, error: "unauthorized access", errorCode: 401, error_info: "Please check developers.pipedrive.com" };
}
