/**
 * A `default` literal has the field's GraphQL type: a string, number or boolean as the type needs, a member name
 * for an enum, an option label for a String on an enum custom field, null only when nullable; Money and Address take none.
 */
import type { Literal } from "../../ast.ts";
import { didYouMean } from "../../didYouMean.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";
import { typeText } from "../typeText.ts";

const SCALAR_LITERAL: Record<string, readonly Literal["kind"][]> = {
  ID: ["StringLiteral", "NumberLiteral"],
  String: ["StringLiteral"],
  Int: ["NumberLiteral"],
  Float: ["NumberLiteral"],
  Boolean: ["BooleanLiteral"],
  Date: ["StringLiteral"],
  DateTime: ["StringLiteral"],
  Time: ["StringLiteral"],
  // Structured values (amount and currency, address parts) have no literal form.
  Money: [],
  Address: [],
};

// The shapes the gateway accepts from callers for these scalars (schema/inputSchemaFromIR.ts).
const FORMATS: Record<string, { pattern: RegExp; what: string; example: string }> = {
  Date: { pattern: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, what: "a calendar date YYYY-MM-DD", example: "2026-03-01" },
  DateTime: { pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, what: "an RFC 3339 date-time", example: "2026-03-01T09:30:00Z" },
  Time: { pattern: /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, what: "a time HH:MM or HH:MM:SS", example: "09:30" },
};

export const DefaultValueTypeRule: Rule = (ctx, report) => {
  // Each enum's member names, gathered once however many fields default to one of them.
  const membersOf = new Map<string, string[]>();
  const members = (enumName: string): string[] => {
    let names = membersOf.get(enumName);
    if (!names) membersOf.set(enumName, (names = (ctx.enumsByName.get(enumName)?.decl.members ?? []).flatMap((m) => (m?.name ? [m.name.value] : []))));
    return names;
  };
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      const value = f.default?.value;
      const type = f.decl.type;
      if (!value || !type?.name || f.typeKind === undefined || f.typeKind === "unknown") continue;
      const blame = (message: string, hint: string) =>
        report(error("MAP129", message, [label(value, "default value"), label(type, `declared ${typeText(type)}`)], hint));
      if (value.kind === "NullLiteral") {
        if (type.nonNull) blame(`'${f.name}' is non-null (${typeText(type)}), so its default cannot be null`, "remove the default, or give a value");
        continue;
      }
      if (type.list) {
        blame(`'${f.name}' is a list (${typeText(type)}); a list has no literal default`, "remove the default");
        continue;
      }
      if (f.typeKind === "enum") {
        const names = members(f.typeName!);
        if (value.kind !== "StringLiteral" || !names.includes(value.value)) {
          const written = value.kind === "StringLiteral" ? `"${value.value}"` : String((value as { value: unknown }).value);
          blame(`default ${written} of '${f.name}' is not a member of enum '${f.typeName}'`,
            (value.kind === "StringLiteral" ? didYouMean(value.value, names, '"') : undefined) ?? `write a member name as a string, e.g. default "${names[0] ?? "Member"}"`);
        }
        continue;
      }
      // A String on an enum custom field is written by option label: a default that is no label fails every create that uses it.
      const r = f.resolution;
      if (r.kind === "field" && r.field.custom && r.field.type === "enum" && r.field.options && value.kind === "StringLiteral") {
        const labels = r.field.options.map((o) => o.label);
        // As the runtime matches it: exactly, else ignoring case.
        if (!labels.some((l) => l.toLowerCase() === value.value.toLowerCase())) {
          blame(`default "${value.value}" of '${f.name}' is not an option of custom field "${r.field.label}"`,
            didYouMean(value.value, labels, '"') ?? `the options are ${labels.map((l) => `"${l}"`).join(", ") || "none"}`);
        }
        continue;
      }
      const allowed = f.typeKind === "object" ? ["StringLiteral", "NumberLiteral"] : SCALAR_LITERAL[f.typeName!] ?? [];
      const isInt = f.typeName !== "Int" || (value.kind === "NumberLiteral" && Number.isInteger(value.value));
      if (allowed.length === 0) {
        blame(`'${f.name}' has type ${typeText(type)}, a structured value that has no literal default`, "remove the default");
      } else if (value.kind === "StringLiteral" && !f.readonly && FORMATS[f.typeName!] && !(FORMATS[f.typeName!]!.pattern.test(value.value) && isRealDay(f.typeName!, value.value))) {
        // Defaults are sent as written, after the caller's input was validated: a malformed one fails at Pipedrive.
        const format = FORMATS[f.typeName!]!;
        blame(`default "${value.value}" of '${f.name}' is not ${format.what}`, `write e.g. default "${format.example}"`);
      } else if (!allowed.includes(value.kind) || !isInt) {
        const want = f.typeName === "Boolean" ? "true or false" : allowed.includes("NumberLiteral") && !allowed.includes("StringLiteral") ? (f.typeName === "Int" ? "an integer" : "a number") : "a string";
        blame(`default of '${f.name}' must be ${want} for type ${typeText(type)}`, `write e.g. default ${want === "true or false" ? "false" : want === "a string" ? '"…"' : "0"}`);
      }
    }
  }
};

// The gateway's Date and DateTime take only days that exist (no February 30) and real times: so must a default.
function isRealDay(typeName: string, text: string): boolean {
  if (typeName === "Time") return true;
  const day = new Date(`${text.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text.slice(0, 10)) return false;
  return typeName === "Date" || !Number.isNaN(Date.parse(text));
}
