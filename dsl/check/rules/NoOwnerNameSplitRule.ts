/** The owner's name is one full name: no mapping reads a first name, a last name or a part of `name` from a user. */
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const NoOwnerNameSplitRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      if (f.resolution.kind !== "problem" || f.resolution.problem.kind !== "ownerNameSplit") continue;
      const p = f.resolution.problem;
      report(error("MAP115", `Owner Name is the owner's full name and cannot be split; '${p.written}' reads a part of it`,
        [label(p.node, "splits the owner's name")], "map the full name (`name`, or `owner.name` from a related object) as one String"));
    }
  }
};
