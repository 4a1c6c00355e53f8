/**
 * Bedrock Address fields and the Pipedrive address parts they stand for, both ways.
 *
 * @example
 *   ADDRESS_PARTS.find((p) => p.bedrock === "street")?.pipedrive; // "route"
 */
export const ADDRESS_PARTS = [
  { bedrock: "value", pipedrive: "value", description: "The whole address as one line, as typed." },
  { bedrock: "street", pipedrive: "route", description: "Street name." },
  { bedrock: "streetNumber", pipedrive: "street_number", description: "House number." },
  { bedrock: "subpremise", pipedrive: "subpremise", description: "Apartment, suite or floor." },
  { bedrock: "postalCode", pipedrive: "postal_code", description: "Postal or ZIP code." },
  { bedrock: "locality", pipedrive: "locality", description: "City or town." },
  { bedrock: "sublocality", pipedrive: "sublocality", description: "District within the city." },
  { bedrock: "region", pipedrive: "admin_area_level_1", description: "State, province or region." },
  { bedrock: "subregion", pipedrive: "admin_area_level_2", description: "County or other second-level area." },
  { bedrock: "country", pipedrive: "country", description: "Country." },
  { bedrock: "formatted", pipedrive: "formatted_address", description: "The address as Pipedrive formats it (read-only)." },
] as const;

/** Pipedrive address object → Bedrock Address (null when Pipedrive has none). */
export function addressFromPipedrive(raw: unknown): Record<string, unknown> | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "string") return raw === "" ? null : { value: raw };
  if (typeof raw !== "object") return null;
  const source = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const part of ADDRESS_PARTS) out[part.bedrock] = source[part.pipedrive] ?? null;
  return out.value === null && Object.values(out).every((v) => v === null) ? null : out;
}

/** Bedrock AddressInput → Pipedrive address body (`formatted` is Pipedrive's to compute, never sent). */
export function addressToPipedrive(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of ADDRESS_PARTS) {
    if (part.bedrock === "formatted") continue;
    const value = input[part.bedrock];
    if (value !== undefined) out[part.pipedrive] = value;
  }
  return out;
}
