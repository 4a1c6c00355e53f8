import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** Pipedrive's OpenAPI files (copies beside the API notes; PIPEDRIVE_SPEC_DIR overrides), parsed once per test file. */
export const SPEC_DIR = process.env.PIPEDRIVE_SPEC_DIR
  ? new URL(`file://${process.env.PIPEDRIVE_SPEC_DIR.replace(/\/?$/, "/")}`)
  : new URL("../../../shared/pipedrive/", import.meta.url);

let cache: { v1: any; v2: any } | undefined;

export function specs(): { v1: any; v2: any } {
  cache ??= {
    v1: parse(readFileSync(new URL("openapi-v1.yml", SPEC_DIR), "utf8")),
    v2: parse(readFileSync(new URL("openapi-v2.yml", SPEC_DIR), "utf8")),
  };
  return cache;
}
