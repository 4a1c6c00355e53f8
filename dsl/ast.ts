/**
 * The syntax tree of a `.map` file. Every node carries the Span it was parsed from.
 * The parser builds it with error recovery, so a tree may be partial: optional parts are
 * `undefined` when the text was missing or broken, and the diagnostics say why.
 */
import type { Span } from "./source.ts";

export interface Node {
  readonly kind: string;
  readonly span: Span;
}

/** An identifier as written, with its own span (for precise diagnostics). */
export interface Name extends Node {
  readonly kind: "Name";
  readonly value: string;
}

/** A `#` comment, kept so the formatter can put it back. `trailing` is true when code precedes it on its line. */
export interface Comment extends Node {
  readonly kind: "Comment";
  readonly text: string; // without the leading '#', trimmed on the right
  readonly trailing: boolean;
}

export interface MapFile extends Node {
  readonly kind: "MapFile";
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
}

export type Declaration = ObjectDecl | EnumDecl;

/** `object Contact from Person { ... }` */
export interface ObjectDecl extends Node {
  readonly kind: "ObjectDecl";
  readonly name: Name | undefined; // Bedrock object name
  readonly source: Name | undefined; // Pipedrive entity name: User, Person, Organization, Deal, Activity
  readonly members: readonly Member[];
}

export type Member = AllowClause | WhereClause | DedupeClause | FieldDecl;

/** `allow read, create, update` */
export interface AllowClause extends Node {
  readonly kind: "AllowClause";
  readonly operations: readonly Name[];
}

/** `where done = true`: a filter every record of the object must pass (applied upstream and checked again locally). */
export interface WhereClause extends Node {
  readonly kind: "WhereClause";
  readonly path: Path | undefined; // Pipedrive field of this object
  readonly value: Literal | undefined;
}

/** `dedupe by email` or `dedupe by contact, doneAt`: Bedrock field names whose values identify an existing record on create. */
export interface DedupeClause extends Node {
  readonly kind: "DedupeClause";
  readonly fields: readonly Name[];
}

/** `email : String <- emails[primary].value  readonly` */
export interface FieldDecl extends Node {
  readonly kind: "FieldDecl";
  readonly name: Name | undefined; // Bedrock field name
  readonly type: TypeRef | undefined;
  readonly source: SourceExpr | undefined;
  readonly modifiers: readonly Modifier[];
}

/** `String`, `String!`, `[String!]`, `[Contact]!` */
export interface TypeRef extends Node {
  readonly kind: "TypeRef";
  readonly name: Name | undefined;
  readonly list: boolean;
  readonly itemNonNull: boolean; // `[T!]`; false when not a list
  readonly nonNull: boolean; // `T!` or `[T]!`
}

export type SourceExpr = Path | CustomRef;

/**
 * `first_name`, `emails[primary].value`, `company.name`.
 * The first segment is a Pipedrive field of this object, or a relation field (Bedrock name) of this object
 * followed by a Bedrock field of the related object.
 */
export interface Path extends Node {
  readonly kind: "Path";
  readonly segments: readonly PathSegment[];
}

/** One step of a path; `selector` is the bracketed part of `emails[primary]` (`primary`, a label such as `work`, or an index). */
export interface PathSegment extends Node {
  readonly kind: "PathSegment";
  readonly name: Name;
  readonly selector: Name | undefined;
}

/** `custom "Lead Source"`: a custom field of this object, by its label in the account's field catalog. */
export interface CustomRef extends Node {
  readonly kind: "CustomRef";
  readonly label: StringLiteral | undefined;
}

/** `required` (must be given on create), `readonly` (never written), `default <literal>` (used on create when absent). */
export interface Modifier extends Node {
  readonly kind: "Modifier";
  readonly name: "required" | "readonly" | "default";
  readonly value: Literal | undefined; // for `default`
}

/** `enum ActivityType from Activity.type { Call = "call" ... }` or `enum LeadSource from Contact.custom "Lead Source" { Web = "Web" }` */
export interface EnumDecl extends Node {
  readonly kind: "EnumDecl";
  readonly name: Name | undefined; // GraphQL enum name
  readonly object: Name | undefined; // Bedrock object name the options belong to
  readonly field: Name | CustomRef | undefined; // Pipedrive field of that object, or a custom field by label
  readonly members: readonly EnumMember[];
}

/** `Call = "call"`: GraphQL value name and the Pipedrive value (an activity-type key, or a custom option label). `value` defaults to the name. */
export interface EnumMember extends Node {
  readonly kind: "EnumMember";
  readonly name: Name;
  readonly value: StringLiteral | undefined;
}

export type Literal = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral;

export interface StringLiteral extends Node {
  readonly kind: "StringLiteral";
  readonly value: string; // unescaped
}
export interface NumberLiteral extends Node {
  readonly kind: "NumberLiteral";
  readonly value: number;
}
export interface BooleanLiteral extends Node {
  readonly kind: "BooleanLiteral";
  readonly value: boolean;
}
export interface NullLiteral extends Node {
  readonly kind: "NullLiteral";
}
