/**
 * Every declared name can be served: no name starts with `__` (GraphQL reserves it for introspection, and a
 * schema holding one answers every query with an error), and no enum takes a type name the gateway generates
 * for the objects (`PageInfo`, `OrderBy`, `ContactConnection`, `OpportunityStatus`, …), which would be declared twice.
 */
import type { Name } from "../../ast.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

/** The types schema/printSdl.ts prints besides the declared ones (names per object from schema/graphqlNames.ts). */
export function generatedTypeNames(objects: Iterable<string>): Set<string> {
  const names = new Set(["Query", "Mutation", "PageInfo", "SortField", "SortDirection", "OrderBy", "MoneyInput", "AddressInput"]);
  for (const o of objects) {
    for (const n of [`${o}Connection`, `${o}Edge`, `${o}Filter`, `${o}Status`, `Create${o}Input`, `Update${o}Input`, `Create${o}Payload`, `Update${o}Payload`]) names.add(n);
  }
  return names;
}

export const GraphQLNamesRule: Rule = (ctx, report) => {
  const reserved = (name: Name | undefined, what: string) => {
    if (!name?.value.startsWith("__")) return;
    report(error("MAP134", `${what} '${name.value}' starts with '__', which GraphQL reserves for introspection`, [label(name, "reserved by GraphQL")],
      `rename it without the leading '__', e.g. '${name.value.replace(/^_+/, "") || "name"}'`));
  };
  // Object names are the seed's (MAP100), so only their fields can be misnamed.
  for (const o of ctx.objects) for (const f of o.fields) reserved(f.decl.name, "field");
  const generated = generatedTypeNames(ctx.catalog.rules.map((r) => r.bedrock));
  for (const e of ctx.enums) {
    reserved(e.decl.name, "enum");
    for (const m of e.decl.members ?? []) reserved(m?.name, "enum member");
    const name = e.decl.name;
    if (name && generated.has(name.value)) {
      report(error("MAP134", `enum '${name.value}' has the name of a type the gateway generates`, [label(name, "generated type name")],
        `rename the enum, e.g. '${name.value}Value'`));
    }
  }
};
