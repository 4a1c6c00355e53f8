/**
 * The canonical layout of a `.map` file. Idempotent (`format(format(x)) === format(x)`), keeps every
 * comment, and changes no meaning: the formatted text parses to the same tree.
 *
 * Layout: 2-space indent; in an object, the columns of its fields (name, ':', type, '<-', source,
 * modifiers) aligned across the whole `{ … }` block; `allow`/`where`/`dedupe` before the fields, in the
 * order written (moved up with their comments when written after a field); blank lines between members
 * kept as single blank lines; one blank line between declarations; an enum stays on one line when it was
 * written on one line and fits in 120 columns, else one member per line with '=' aligned; trailing
 * comments two spaces after the code. A file with syntax errors comes back unchanged, with the diagnostics.
 *
 * @example
 *   const { text, diagnostics } = format(new Source("object Owner from User{allow read}\n", "owner.map"));
 *   // text === "object Owner from User {\n  allow read\n}\n"
 */
import type * as A from "./ast.ts";
import { hasErrors, type Diagnostic } from "./diagnostic.ts";
import { displayWidth, padToWidth } from "./displayWidth.ts";
import { parse } from "./parse.ts";
import type { Source } from "./source.ts";

const INDENT = "  ";
const MAX_ENUM_LINE = 120;

export function format(source: Source): { text: string; diagnostics: Diagnostic[] } {
  const { ast, diagnostics } = parse(source);
  if (hasErrors(diagnostics)) return { text: source.body, diagnostics };
  return { text: new Printer(source, ast).print(), diagnostics };
}

/** A line-level unit of output: a member or an own-line comment, and whether a blank line preceded it. */
interface Item {
  readonly start: number;
  readonly end: number; // end of the item including its trailing comment
  readonly blankBefore: boolean;
  readonly member?: A.Member | A.EnumMember;
  readonly comment?: A.Comment;
  readonly trailing?: A.Comment;
}

class Printer {
  readonly source: Source;
  readonly ast: A.MapFile;
  readonly ownLine: A.Comment[];
  readonly trailing: A.Comment[];

  constructor(source: Source, ast: A.MapFile) {
    this.source = source;
    this.ast = ast;
    this.ownLine = ast.comments.filter((c) => !c.trailing);
    this.trailing = ast.comments.filter((c) => c.trailing);
  }

  raw(node: A.Node | undefined): string {
    return node ? this.source.body.slice(node.span.start, node.span.end) : "";
  }

  line(offset: number): number {
    return this.source.locate(offset).line;
  }

  // A blank line in the text between two offsets (only whitespace and line breaks lie between items).
  blankBetween(from: number, to: number): boolean {
    return /\n[ \t\r\f\v\uFEFF]*\n/.test(this.source.body.slice(from, to));
  }

  print(): string {
    const decls = this.ast.declarations;
    type Top = { start: number; end: number; decl?: A.Declaration; comment?: A.Comment };
    const inside = (c: A.Comment): boolean => decls.some((d) => c.span.start > d.span.start && c.span.start < d.span.end);
    const items: Top[] = [
      ...decls.map((d) => ({ start: d.span.start, end: this.closeComment(d)?.span.end ?? d.span.end, decl: d })),
      ...this.ownLine.filter((c) => !inside(c)).map((c) => ({ start: c.span.start, end: c.span.end, comment: c })),
    ].sort((a, b) => a.start - b.start);

    const out: string[] = [];
    items.forEach((item, i) => {
      const prev = items[i - 1];
      if (prev && (prev.decl || this.blankBetween(prev.end, item.start))) out.push("");
      if (item.comment) out.push(`#${item.comment.text}`);
      else if (item.decl?.kind === "ObjectDecl") out.push(...this.objectDecl(item.decl));
      else if (item.decl?.kind === "EnumDecl") out.push(...this.enumDecl(item.decl));
    });
    return out.length === 0 ? "" : `${out.join("\n")}\n`;
  }

  // The trailing comment on a declaration's closing '}' line, after the '}'.
  closeComment(d: A.Declaration): A.Comment | undefined {
    const line = this.line(d.span.end - 1);
    const decls = this.ast.declarations;
    return this.trailing.find(
      (c) =>
        c.span.start >= d.span.end &&
        this.line(c.span.start) === line &&
        !decls.some((o) => o.span.start >= d.span.end && o.span.start < c.span.start),
    );
  }

  // Offset of a declaration's '{': the first one after its head (no comment can sit inside a one-line head).
  openBrace(d: A.Declaration): number {
    const headEnd = d.kind === "ObjectDecl" ? (d.source?.span.end ?? d.span.start) : (d.field?.span.end ?? d.span.start);
    return this.source.body.indexOf("{", headEnd);
  }

  /** Members and own-line comments of a block, each with its trailing comment and blank-line flag. */
  bodyItems(d: A.Declaration, members: readonly (A.Member | A.EnumMember)[]): { head: A.Comment[]; items: Item[] } {
    const open = this.openBrace(d);
    const openLine = this.line(open);
    const memberByLine = new Map<number, A.Member | A.EnumMember>();
    for (const m of members) memberByLine.set(this.line(m.span.start), m); // the last member on a line owns its comment
    const head: A.Comment[] = [];
    const trailingOf = new Map<A.Node, A.Comment>();
    const loose: A.Comment[] = [];
    for (const c of this.trailing) {
      if (c.span.start <= open || c.span.start >= d.span.end) continue;
      const line = this.line(c.span.start);
      const owner = memberByLine.get(line);
      if (owner && owner.span.end <= c.span.start) trailingOf.set(owner, c);
      else if (line === openLine) head.push(c);
      else loose.push(c);
    }
    const own = [...this.ownLine, ...loose].filter((c) => c.span.start > open && c.span.start < d.span.end);
    const raw = [
      ...members.map((m) => ({ start: m.span.start, end: trailingOf.get(m)?.span.end ?? m.span.end, member: m, trailing: trailingOf.get(m) })),
      ...own.map((c) => ({ start: c.span.start, end: c.span.end, comment: c })),
    ].sort((a, b) => a.start - b.start);
    const items = raw.map((it, i) => {
      const prev = raw[i - 1];
      return { ...it, blankBefore: prev !== undefined && this.blankBetween(prev.end, it.start) };
    });
    return { head, items };
  }

  objectDecl(d: A.ObjectDecl): string[] {
    const { head, items } = this.bodyItems(d, d.members);
    const close = this.closeComment(d);
    const title = `object ${d.name?.value ?? ""} from ${d.source?.value ?? ""} {`;
    if (items.length === 0 && head.length === 0) return [`${title}}${close ? `  #${close.text}` : ""}`];

    const ordered = clausesFirst(items);
    const fields = d.members.filter((m): m is A.FieldDecl => m.kind === "FieldDecl");
    const nameWidth = Math.max(0, ...fields.map((f) => (f.name?.value ?? "").length));
    const typeWidth = Math.max(0, ...fields.map((f) => typeText(f.type).length));
    const sourceWidth = Math.max(0, ...fields.filter((f) => f.modifiers.length > 0).map((f) => displayWidth(this.sourceText(f.source))));

    const memberText = (m: A.Member): string => {
      switch (m.kind) {
        case "AllowClause":
          return `allow ${m.operations.map((o) => o.value).join(", ")}`;
        case "DedupeClause":
          return `dedupe by ${m.fields.map((f) => f.value).join(", ")}`;
        case "WhereClause":
          return `where ${this.sourceText(m.path)} = ${this.raw(m.value)}`;
        case "FieldDecl": {
          const base = `${(m.name?.value ?? "").padEnd(nameWidth)} : ${typeText(m.type).padEnd(typeWidth)} <- ${this.sourceText(m.source)}`;
          if (m.modifiers.length === 0) return base;
          const mods = m.modifiers.map((x) => (x.name === "default" ? `default ${this.raw(x.value)}` : x.name)).join(" ");
          // Labels may hold accents, CJK or emoji: pad by the columns they take, not their UTF-16 length.
          return `${padToWidth(base, nameWidth + typeWidth + sourceWidth + 7)}  ${mods}`;
        }
      }
    };
    return this.block(title, head, ordered, (m) => memberText(m as A.Member), close);
  }

  enumDecl(d: A.EnumDecl): string[] {
    const { head, items } = this.bodyItems(d, d.members);
    const close = this.closeComment(d);
    const field = d.field?.kind === "CustomRef" ? this.sourceText(d.field) : (d.field?.value ?? "");
    const title = `enum ${d.name?.value ?? ""} from ${d.object?.value ?? ""}.${field} {`;
    const closeText = close ? `  #${close.text}` : "";
    if (items.length === 0 && head.length === 0) return [`${title}}${closeText}`];

    const memberText = (m: A.EnumMember, width: number): string =>
      m.value ? `${m.name.value.padEnd(width)} = ${this.raw(m.value)}` : m.name.value;
    const open = this.openBrace(d);
    const writtenOnOneLine = this.line(open) === this.line(d.span.end - 1);
    const hasComments = head.length > 0 || items.some((it) => it.comment || it.trailing);
    if (writtenOnOneLine && !hasComments) {
      const oneLine = `${title} ${d.members.map((m) => memberText(m, 0)).join("  ")} }`;
      if (oneLine.length <= MAX_ENUM_LINE) return [`${oneLine}${closeText}`];
    }
    const width = Math.max(0, ...d.members.filter((m) => m.value).map((m) => m.name.value.length));
    return this.block(title, head, items, (m) => memberText(m as A.EnumMember, width), close);
  }

  block(title: string, head: A.Comment[], items: Item[], text: (m: A.Member | A.EnumMember) => string, close: A.Comment | undefined): string[] {
    const [firstHead, ...moreHead] = head;
    const out = [firstHead ? `${title}  #${firstHead.text}` : title];
    for (const c of moreHead) out.push(`${INDENT}#${c.text}`);
    items.forEach((it, i) => {
      if (it.blankBefore && i > 0) out.push("");
      if (it.comment) out.push(`${INDENT}#${it.comment.text}`);
      else if (it.member) out.push(`${INDENT}${text(it.member)}${it.trailing ? `  #${it.trailing.text}` : ""}`);
    });
    out.push(close ? `}  #${close.text}` : "}");
    return out;
  }

  sourceText(s: A.SourceExpr | undefined): string {
    if (!s) return "";
    if (s.kind === "CustomRef") return `custom ${this.raw(s.label)}`;
    return s.segments.map((seg) => (seg.selector ? `${seg.name.value}[${seg.selector.value}]` : seg.name.value)).join(".");
  }
}

function typeText(t: A.TypeRef | undefined): string {
  if (!t) return "";
  const name = t.name?.value ?? "";
  if (!t.list) return `${name}${t.nonNull ? "!" : ""}`;
  return `[${name}${t.itemNonNull ? "!" : ""}]${t.nonNull ? "!" : ""}`;
}

const isClause = (m: A.Member | A.EnumMember | undefined): boolean =>
  m?.kind === "AllowClause" || m?.kind === "WhereClause" || m?.kind === "DedupeClause";

/**
 * Moves `allow`/`where`/`dedupe` written after a field up before the fields, each with the own-line
 * comments directly above it; a blank line then separates clauses from fields. Unchanged when already so.
 */
function clausesFirst(items: Item[]): Item[] {
  const groups: Item[][] = [];
  let pending: Item[] = [];
  for (const it of items) {
    pending.push(it);
    if (it.member) {
      groups.push(pending);
      pending = [];
    }
  }
  const firstField = groups.findIndex((g) => !isClause(g.at(-1)!.member));
  const late = groups.filter((g, i) => firstField >= 0 && i > firstField && isClause(g.at(-1)!.member));
  if (late.length === 0) return items;
  const clauses = groups.filter((g) => isClause(g.at(-1)!.member));
  const fields = groups.filter((g) => !isClause(g.at(-1)!.member));
  const withFlag = (g: Item[], blank: boolean): Item[] => [{ ...g[0]!, blankBefore: blank }, ...g.slice(1)];
  return [
    ...clauses.flatMap((g, i) => withFlag(g, i === 0 ? false : g[0]!.blankBefore)),
    ...fields.flatMap((g, i) => withFlag(g, i === 0 ? true : g[0]!.blankBefore)),
    ...pending,
  ];
}
