/**
 * Checks parsed `.map` files together against a catalog: resolves every name, runs every rule, and returns
 * the IR with ALL diagnostics (sorted by file, then position). Never throws on a partial AST.
 *
 * @example
 *   const { ir, diagnostics } = check([parse(source).ast], catalog);
 *   if (!hasErrors(diagnostics)) printSdl(ir);
 */
import type { MapFile } from "../ast.ts";
import type { Catalog } from "../catalog/types.ts";
import type { Diagnostic } from "../diagnostic.ts";
import type { IR } from "../ir.ts";
import { buildContext } from "./CheckContext.ts";
import { buildIR } from "./buildIR.ts";
import type { Rule } from "./Rule.ts";
import { ActivityDoneFilterRule } from "./rules/ActivityDoneFilterRule.ts";
import { ActivityTypeValuesRule } from "./rules/ActivityTypeValuesRule.ts";
import { AllowedOperationsRule } from "./rules/AllowedOperationsRule.ts";
import { DefaultValueTypeRule } from "./rules/DefaultValueTypeRule.ts";
import { GraphQLNamesRule } from "./rules/GraphQLNamesRule.ts";
import { KnownCustomFieldsRule } from "./rules/KnownCustomFieldsRule.ts";
import { KnownDedupeFieldsRule } from "./rules/KnownDedupeFieldsRule.ts";
import { KnownEnumBindingsRule } from "./rules/KnownEnumBindingsRule.ts";
import { KnownEnumOptionsRule } from "./rules/KnownEnumOptionsRule.ts";
import { KnownObjectsRule } from "./rules/KnownObjectsRule.ts";
import { KnownPipedriveFieldsRule } from "./rules/KnownPipedriveFieldsRule.ts";
import { KnownRelatedFieldsRule } from "./rules/KnownRelatedFieldsRule.ts";
import { KnownTypeNamesRule } from "./rules/KnownTypeNamesRule.ts";
import { ModifiersNeedWritableFieldRule } from "./rules/ModifiersNeedWritableFieldRule.ts";
import { NonNullNeedsAlwaysSetRule } from "./rules/NonNullNeedsAlwaysSetRule.ts";
import { NonEmptyDeclarationsRule } from "./rules/NonEmptyDeclarationsRule.ts";
import { NoOwnerNameSplitRule } from "./rules/NoOwnerNameSplitRule.ts";
import { NoToManyRelatedFieldsRule } from "./rules/NoToManyRelatedFieldsRule.ts";
import { OwnerWrittenAsRelationRule } from "./rules/OwnerWrittenAsRelationRule.ts";
import { RequiredFieldsMappedRule } from "./rules/RequiredFieldsMappedRule.ts";
import { TypeFitsFieldRule } from "./rules/TypeFitsFieldRule.ts";
import { UniqueEnumMembersRule } from "./rules/UniqueEnumMembersRule.ts";
import { UniqueFieldNamesRule } from "./rules/UniqueFieldNamesRule.ts";
import { UniqueOperationsRule } from "./rules/UniqueOperationsRule.ts";
import { UniqueTypeNamesRule } from "./rules/UniqueTypeNamesRule.ts";
import { WhereClauseRule } from "./rules/WhereClauseRule.ts";
import { WritableFieldsRule } from "./rules/WritableFieldsRule.ts";

export const RULES: readonly Rule[] = [
  KnownObjectsRule,
  UniqueTypeNamesRule,
  GraphQLNamesRule,
  AllowedOperationsRule,
  UniqueOperationsRule,
  UniqueFieldNamesRule,
  KnownTypeNamesRule,
  KnownPipedriveFieldsRule,
  KnownCustomFieldsRule,
  KnownRelatedFieldsRule,
  NoOwnerNameSplitRule,
  TypeFitsFieldRule,
  RequiredFieldsMappedRule,
  WritableFieldsRule,
  OwnerWrittenAsRelationRule,
  ModifiersNeedWritableFieldRule,
  DefaultValueTypeRule,
  NoToManyRelatedFieldsRule,
  KnownDedupeFieldsRule,
  WhereClauseRule,
  ActivityDoneFilterRule,
  NonNullNeedsAlwaysSetRule,
  KnownEnumBindingsRule,
  KnownEnumOptionsRule,
  UniqueEnumMembersRule,
  ActivityTypeValuesRule,
];

/**
 * Rules about what the files would compile to, run only when no other rule found an error: while a file is
 * being written (`object Owner from Usr {}`), the error to fix is the one in it, not that it is still empty.
 */
export const LAST_RULES: readonly Rule[] = [NonEmptyDeclarationsRule];

export function check(files: readonly MapFile[], catalog: Catalog, options: { incomplete?: ReadonlySet<MapFile> } = {}): { ir: IR; diagnostics: Diagnostic[] } {
  const present = files.filter((f) => f !== undefined);
  const ctx = buildContext(present, catalog, options.incomplete);
  const diagnostics: Diagnostic[] = [];
  for (const rule of RULES) rule(ctx, (d) => diagnostics.push(d));
  if (!diagnostics.some((d) => d.severity === "error")) for (const rule of LAST_RULES) rule(ctx, (d) => diagnostics.push(d));
  const order = new Map(present.map((f, i) => [f.span.source, i]));
  diagnostics.sort((a, b) => {
    const sa = a.labels[0].span;
    const sb = b.labels[0].span;
    return (order.get(sa.source) ?? 0) - (order.get(sb.source) ?? 0) || sa.start - sb.start || a.code.localeCompare(b.code);
  });
  return { ir: buildIR(ctx), diagnostics };
}
