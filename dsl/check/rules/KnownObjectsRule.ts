/** Every object is a Bedrock object of the seed, mapped from that object's Pipedrive entity. */
import { didYouMean } from "../../didYouMean.ts";
import { PIPEDRIVE_ENTITIES } from "../../catalog/types.ts";
import type { ObjectRule } from "../../catalog/types.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const KnownObjectsRule: Rule = (ctx, report) => {
  const known = ctx.catalog.rules.map((r) => r.bedrock);
  for (const o of ctx.objects) {
    const { name, source } = o.decl;
    if (name && !o.rule) {
      report(error("MAP100", `unknown Bedrock object '${name.value}'; the seed defines ${known.join(", ")}`, [label(name, "not a Bedrock object")],
        didYouMean(name.value, known) ?? entityHint(ctx.catalog.rules.find((r) => r.entity === o.entity)) ?? "name the object after one of the seed's Bedrock objects"));
    }
    if (source && !o.entity) {
      report(error("MAP101", `unknown Pipedrive entity '${source.value}'; expected one of ${PIPEDRIVE_ENTITIES.join(", ")}`, [label(source, "not a Pipedrive entity")],
        didYouMean(source.value, PIPEDRIVE_ENTITIES) ?? `write \`from ${o.rule?.entity ?? "Person"}\``));
    } else if (source && o.rule && o.entity !== o.rule.entity) {
      report(error("MAP102", `Bedrock object '${o.rule.bedrock}' maps Pipedrive ${o.rule.entity}, not '${source.value}'`, [label(source, `expected ${o.rule.entity}`)],
        `write \`object ${o.rule.bedrock} from ${o.rule.entity}\``));
    }
  }
};

// `object Person from Person`: the entity says which Bedrock object was meant.
function entityHint(rule: ObjectRule | undefined): string | undefined {
  return rule && `${rule.entity} is exposed as '${rule.bedrock}': write \`object ${rule.bedrock} from ${rule.entity}\``;
}
