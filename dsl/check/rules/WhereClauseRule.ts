/** An object has at most one `where`, on a field of its Pipedrive entity, compared with a literal of that field's type. */
import type { Literal, WhereClause } from "../../ast.ts";
import type { FieldType } from "../../catalog/types.ts";
import { didYouMean } from "../../didYouMean.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

const NUMERIC: readonly FieldType[] = ["id", "int", "double", "user", "org", "people", "deal", "visible_to", "monetary"];

/** The literal kind a where clause on a field of this type compares with. */
export function literalKindFor(type: FieldType): Literal["kind"] {
  if (type === "boolean") return "BooleanLiteral";
  return NUMERIC.includes(type) ? "NumberLiteral" : "StringLiteral";
}

const KIND_TEXT: Record<Literal["kind"], string> = {
  BooleanLiteral: "true or false",
  NumberLiteral: "a number",
  StringLiteral: "a string",
  NullLiteral: "null",
};

export const WhereClauseRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    const wheres = (o.decl.members ?? []).filter((m): m is WhereClause => m?.kind === "WhereClause");
    for (const extra of wheres.slice(1)) {
      report(error("MAP130", `'${o.name ?? "?"}' has more than one where clause`, [label(extra, "second where"), label(wheres[0]!, "first where")],
        "keep one where clause"));
    }
    if (!o.entity) continue;
    for (const w of wheres) {
      const segments = w.path?.segments ?? [];
      const first = segments[0]?.name;
      if (!first) continue;
      const field = o.catalogIndex.byKey.get(first.value);
      if (!field || segments.length > 1 || segments[0]?.selector) {
        report(error("MAP124", field ? `where compares a whole field; '${first.value}' takes no parts or selector here` : `${o.entity} has no field '${first.value}' to filter on`,
          [label(w.path!, "unknown filter field")],
          (field ? undefined : didYouMean(first.value, o.catalogIndex.builtInKeys)) ?? "filter on a built-in field of the entity, e.g. `where done = true`"));
        continue;
      }
      const value = w.value;
      const want = literalKindFor(field.type);
      if (value && value.kind !== "NullLiteral" && value.kind !== want) {
        report(error("MAP125", `'${first.value}' is a ${field.type} field, so where compares it with ${KIND_TEXT[want]}`,
          [label(value, `expected ${KIND_TEXT[want]}`), label(first, `${field.type} field`)], `write e.g. \`where ${first.value} = ${want === "BooleanLiteral" ? "true" : want === "NumberLiteral" ? "1" : '"value"'}\``));
      }
    }
  }
};
