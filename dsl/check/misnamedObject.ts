/**
 * The declared object that stands for an undeclared seed object: `object Contacts from Person` is not a
 * Bedrock object (MAP100), but it maps Person, so it is the Contact the other files relate to. Rules that
 * would report `Contact` as undeclared stay quiet when it has such a stand-in: MAP100 already says it all.
 *
 * @example
 *   misnamedObject(ctx, "Contact")?.name; // "Contacts"
 */
import { suggestionList } from "../didYouMean.ts";
import type { CheckContext, ObjectInfo } from "./CheckContext.ts";

export function misnamedObject(ctx: CheckContext, name: string): ObjectInfo | undefined {
  if (ctx.objectsByName.has(name)) return undefined;
  const seed = ctx.catalog.rules.find((r) => r.bedrock === name);
  if (!seed) return undefined;
  // `object Contacts from Person`, `object owner from user`, `object Ownr from User`: the entity or the name says which.
  return ctx.objects.find((o) => o.rule === undefined && o.name !== undefined &&
    (o.entity === seed.entity || o.decl.source?.value.toLowerCase() === seed.entity.toLowerCase() || suggestionList(o.name, [seed.bedrock]).length > 0));
}
