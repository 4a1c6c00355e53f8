/**
 * Every object declares at least one field and every enum at least one member: GraphQL has no empty object
 * or enum type, so `object Owner from User { allow read }` would compile to a schema nothing can load.
 */
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const NonEmptyDeclarationsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    // A member the parser could only partly read may be a field: its syntax error comes first.
    if (!o.decl.name || o.rule === undefined || (o.decl.members ?? []).some((m) => m === undefined || m.kind === "FieldDecl")) continue;
    report(error("MAP135", `object '${o.decl.name.value}' declares no fields`, [label(o.decl.name, "no fields")],
      `map at least one field, e.g. \`id : ID! <- id\``));
  }
  for (const e of ctx.enums) {
    if (!e.decl.name || (e.decl.members ?? []).length > 0) continue;
    report(error("MAP135", `enum '${e.decl.name.value}' has no members`, [label(e.decl.name, "no members")],
      e.binding.kind === "options" && e.binding.field.options?.length
        ? `list the options it exposes, e.g. ${e.binding.field.options.slice(0, 2).map((o) => member(o.label)).join(", ")}`
        : "list at least one member, as in `Call = \"call\"`"));
  }
};

// How an option is listed as a member: bare when its label is a GraphQL name, else bound (`ColdCall = "Cold Call"`).
function member(label: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(label)) return label;
  const name = label.replace(/[^A-Za-z0-9_]/g, "");
  return `${/^[A-Za-z_]/.test(name) ? name : `Option${name}`} = "${label}"`;
}
