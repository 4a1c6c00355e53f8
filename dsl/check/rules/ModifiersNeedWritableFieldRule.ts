/** `required` and `default` are given only on fields the gateway can write (not readonly, not related, writable in Pipedrive within the object's permissions). */
import type { Operation } from "../../catalog/types.ts";
import type { FieldInfo } from "../CheckContext.ts";
import { OPERATIONS } from "../CheckContext.ts";
import { effectiveWritability } from "../effectiveWritability.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const ModifiersNeedWritableFieldRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    // `alow read, create` reads as a broken field, not an allow clause: "never writes it" would follow from the typo.
    const allowLost = !(o.decl.members ?? []).some((m) => m?.kind === "AllowClause") && o.fields.some((f) => !f.decl.type?.name || !f.decl.source);
    // `allow read, craete` is MAP111; which writes were meant is unknown, so "never writes it" would guess.
    const allowTypo = (o.decl.members ?? []).some((m) => m?.kind === "AllowClause" && (m.operations ?? []).some((op) => op !== undefined && !OPERATIONS.includes(op.value.toLowerCase() as Operation)));
    for (const f of o.fields) {
      const r = f.resolution;
      if (r.kind === "missing" || r.kind === "problem") continue;
      const written = effectiveWritability(f, true);
      const why = f.readonly ? "it is readonly"
        : r.kind === "related" ? "it is read through a relation"
        : !written.create && !written.update ? (allowLost || allowTypo ? undefined : `'${o.name}' never writes it`)
        : undefined;
      if (!why) continue;
      for (const m of [f.required, f.default]) {
        if (!m) continue;
        report(error("MAP114", `'${m.name}' on field '${f.name}' has no effect: ${why}`,
          [label(m, `'${m.name}' not allowed`), label(f.decl.name ?? m, "field")], f.readonly ? `remove '${m.name}', or remove readonly if the field can be written` : hintFor(m.name, f, o.rule?.permissions ?? [])));
      }
    }
  }
};

// Writable in Pipedrive but the object only reads: the `allow` clause is as likely the mistake as the modifier.
function hintFor(modifier: string, f: FieldInfo, seed: readonly Operation[]): string {
  const could = effectiveWritability({ ...f, object: { ...f.object, permissions: [...seed] } }, true);
  const ops = [could.create ? "create" : "", could.update && modifier === "required" ? "update" : ""].filter((op) => op !== "" && !f.object.permissions.includes(op as Operation));
  return ops.length > 0 ? `remove '${modifier}', or let '${f.object.name}' write: allow ${["read", ...ops].join(", ")}` : `remove '${modifier}'`;
}
