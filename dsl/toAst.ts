/**
 * Turns the parser's CST into the AST of ast.ts, with a Span on every node. It tolerates the partial
 * trees error recovery leaves behind: a missing or recovery-inserted token becomes `undefined`, and a
 * list element that lost its required parts is dropped. It also reports the few errors only visible
 * once tokens are read: bad string escapes (MAP004), list indexes that are not whole numbers (MAP005)
 * and fields named by a keyword (MAP006).
 *
 * @example
 *   mapParser.input = tokens;
 *   const { ast, diagnostics } = toAst(mapParser.mapFile(), source, commentTokens);
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as A from "./ast.ts";
import type { Diagnostic } from "./diagnostic.ts";
import { False, Identifier, NumberLiteral, Null, Readonly, Required, True, UnterminatedString } from "./lexer.ts";
import type { Source, Span } from "./source.ts";

function isToken(e: CstElement | undefined): e is IToken {
  return e !== undefined && "tokenType" in e;
}

// Recovery inserts tokens that were never in the text; they have no offsets and count as missing.
function real(t: IToken | undefined): t is IToken {
  return t !== undefined && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && t.startOffset >= 0;
}

class Builder {
  readonly source: Source;
  readonly diagnostics: Diagnostic[] = [];

  constructor(source: Source) {
    this.source = source;
  }

  span(start: number, end: number): Span {
    return { source: this.source, start, end };
  }

  tokenSpan(t: IToken): Span {
    return this.span(t.startOffset, t.endOffset! + 1);
  }

  token(node: CstNode | undefined, key: string, index = 0): IToken | undefined {
    const e = node?.children[key]?.[index];
    return isToken(e) && real(e) ? e : undefined;
  }

  tokens(node: CstNode | undefined, key: string): IToken[] {
    return (node?.children[key] ?? []).filter((e): e is IToken => isToken(e) && real(e));
  }

  node(node: CstNode | undefined, key: string, index = 0): CstNode | undefined {
    const e = node?.children[key]?.[index];
    return e && !isToken(e) ? e : undefined;
  }

  nodes(node: CstNode | undefined, key: string): CstNode[] {
    return (node?.children[key] ?? []).filter((e): e is CstNode => !isToken(e));
  }

  /** The span from the first to the last real token under a CST node; undefined when it has none. */
  extent(node: CstNode): Span | undefined {
    const at = node.location;
    // Chevrotain tracks offsets while parsing; only nodes touched by recovery need the slow walk.
    if (at && !node.recoveredNode && Number.isFinite(at.startOffset) && Number.isFinite(at.endOffset) && at.startOffset >= 0) {
      return this.span(at.startOffset, at.endOffset! + 1);
    }
    const start = startOf(node);
    return start === Infinity ? undefined : this.span(start, endOf(node));
  }

  name(t: IToken | undefined): A.Name | undefined {
    return t ? { kind: "Name", value: t.image, span: this.tokenSpan(t) } : undefined;
  }

  mapFile(cst: CstNode, comments: A.Comment[]): A.MapFile {
    const declarations: A.Declaration[] = [];
    for (const child of collectNodes(cst)) {
      const d = child.name === "objectDecl" ? this.objectDecl(child) : child.name === "enumDecl" ? this.enumDecl(child) : undefined;
      if (d) declarations.push(d);
    }
    return { kind: "MapFile", span: this.span(0, this.source.body.length), declarations, comments };
  }

  objectDecl(cst: CstNode): A.ObjectDecl | undefined {
    const span = this.extent(cst);
    if (!span) return undefined;
    const body = this.node(cst, "objectBody");
    const members: A.Member[] = [];
    for (const m of this.nodes(body, "member")) {
      const member = this.member(m);
      if (member) members.push(member);
    }
    return {
      kind: "ObjectDecl",
      span,
      name: this.name(this.token(cst, "name")),
      source: this.name(this.token(cst, "source")),
      members,
    };
  }

  member(cst: CstNode): A.Member | undefined {
    const allow = this.node(cst, "allowClause");
    if (allow) return this.withSpan(allow, (span) => ({ kind: "AllowClause", span, operations: this.names(allow, "Identifier") }));
    const where = this.node(cst, "whereClause");
    if (where) {
      return this.withSpan(where, (span) => ({
        kind: "WhereClause",
        span,
        path: this.path(this.node(where, "path")),
        value: this.literal(this.node(where, "literal")),
      }));
    }
    const dedupe = this.node(cst, "dedupeClause");
    if (dedupe) return this.withSpan(dedupe, (span) => ({ kind: "DedupeClause", span, fields: this.names(dedupe, "Identifier") }));
    const field = this.node(cst, "fieldDecl");
    if (field) return this.fieldDecl(field);
    return undefined;
  }

  withSpan<T>(cst: CstNode, make: (span: Span) => T): T | undefined {
    const span = this.extent(cst);
    return span ? make(span) : undefined;
  }

  names(cst: CstNode, key: string): A.Name[] {
    return this.tokens(cst, key).map((t) => this.name(t)!);
  }

  fieldDecl(cst: CstNode): A.FieldDecl | undefined {
    const nameToken = this.token(cst, "name");
    if (nameToken && nameToken.tokenType !== Identifier) {
      this.diagnostics.push({
        code: "MAP006",
        severity: "error",
        message: `'${nameToken.image}' is a keyword and cannot name a field.`,
        hint: `keywords are reserved; choose another name, such as '${nameToken.image}Value'`,
        labels: [{ span: this.tokenSpan(nameToken) }],
      });
    }
    return this.withSpan(cst, (span) => ({
      kind: "FieldDecl",
      span,
      name: this.name(nameToken),
      type: this.typeRef(this.node(cst, "typeRef")),
      source: this.sourceExpr(this.node(cst, "sourceExpr")),
      modifiers: this.nodes(cst, "modifier").map((m) => this.modifier(m)).filter((m) => m !== undefined),
    }));
  }

  typeRef(cst: CstNode | undefined): A.TypeRef | undefined {
    if (!cst) return undefined;
    const list = this.token(cst, "LBracket") !== undefined;
    return this.withSpan(cst, (span) => ({
      kind: "TypeRef",
      span,
      name: this.name(this.token(cst, "Identifier")),
      list,
      itemNonNull: list && this.token(cst, "itemNonNull") !== undefined,
      nonNull: this.token(cst, "nonNull") !== undefined,
    }));
  }

  sourceExpr(cst: CstNode | undefined): A.SourceExpr | undefined {
    const path = this.node(cst, "path");
    if (path) return this.path(path);
    return this.customRef(this.node(cst, "customRef"));
  }

  customRef(cst: CstNode | undefined): A.CustomRef | undefined {
    if (!cst) return undefined;
    return this.withSpan(cst, (span) => ({ kind: "CustomRef", span, label: this.string(this.token(cst, "StringLike")) }));
  }

  path(cst: CstNode | undefined): A.Path | undefined {
    if (!cst) return undefined;
    const segments = [...this.nodes(cst, "segment"), ...this.nodes(cst, "dotSegment")]
      .map((s) => this.segment(s))
      .filter((s) => s !== undefined)
      .sort((a, b) => a.span.start - b.span.start);
    if (segments.length === 0) return undefined;
    return { kind: "Path", span: this.span(segments[0]!.span.start, segments.at(-1)!.span.end), segments };
  }

  segment(cst: CstNode): A.PathSegment | undefined {
    const name = this.name(this.token(cst, "name"));
    if (!name) return undefined;
    const selectorNode = this.node(cst, "selector");
    const selectorToken = this.token(selectorNode, "value");
    if (selectorToken?.tokenType === NumberLiteral && !/^\d+$/.test(selectorToken.image)) {
      this.diagnostics.push({
        code: "MAP005",
        severity: "error",
        message: `A list index must be a whole number of 0 or more, found '${selectorToken.image}'.`,
        hint: "write an index such as [0], or a label such as [primary] or [work]",
        labels: [{ span: this.tokenSpan(selectorToken) }],
      });
    }
    const end = selectorNode ? (this.extent(selectorNode)?.end ?? name.span.end) : name.span.end;
    return { kind: "PathSegment", span: this.span(name.span.start, end), name, selector: this.name(selectorToken) };
  }

  modifier(cst: CstNode): A.Modifier | undefined {
    const required = this.token(cst, "Required");
    const readonly = this.token(cst, "Readonly");
    const keyword = required ?? readonly ?? this.token(cst, "Default");
    if (!keyword) return undefined;
    const name = keyword.tokenType === Required ? "required" : keyword.tokenType === Readonly ? "readonly" : "default";
    const value = name === "default" ? this.literal(this.node(cst, "literal")) : undefined;
    return { kind: "Modifier", span: this.span(keyword.startOffset, value?.span.end ?? keyword.endOffset! + 1), name, value };
  }

  literal(cst: CstNode | undefined): A.Literal | undefined {
    const string = this.token(cst, "StringLike");
    if (string) return this.string(string);
    const t = this.token(cst, "NumberLiteral") ?? this.token(cst, "True") ?? this.token(cst, "False") ?? this.token(cst, "Null");
    if (!t) return undefined;
    const span = this.tokenSpan(t);
    if (t.tokenType === NumberLiteral) return { kind: "NumberLiteral", span, value: Number(t.image) };
    if (t.tokenType === True || t.tokenType === False) return { kind: "BooleanLiteral", span, value: t.tokenType === True };
    if (t.tokenType === Null) return { kind: "NullLiteral", span };
    return undefined;
  }

  string(t: IToken | undefined): A.StringLiteral | undefined {
    if (!t) return undefined;
    const closed = t.tokenType !== UnterminatedString;
    const raw = t.image.slice(1, closed ? -1 : undefined);
    let value = "";
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!;
      if (c !== "\\") {
        value += c;
        continue;
      }
      const next = raw[i + 1];
      i++;
      if (next === '"' || next === "\\") value += next;
      else if (next === "n") value += "\n";
      else {
        const at = t.startOffset + 1 + i - 1;
        const escape = next === undefined ? "\\" : `\\${next}`;
        this.diagnostics.push({
          code: "MAP004",
          severity: "error",
          message: `Unknown escape '${escape}' in a string.`,
          hint: 'the escapes are \\" \\\\ and \\n; write \\\\ for a backslash',
          labels: [{ span: this.span(at, at + escape.length) }],
        });
        value += next ?? "";
      }
    }
    return { kind: "StringLiteral", span: this.tokenSpan(t), value };
  }

  enumDecl(cst: CstNode): A.EnumDecl | undefined {
    const span = this.extent(cst);
    if (!span) return undefined;
    const customNode = this.node(cst, "customRef");
    const field = customNode ? this.customRef(customNode) : this.name(this.token(cst, "field"));
    const members: A.EnumMember[] = [];
    for (const m of this.nodes(this.node(cst, "enumBody"), "enumMember")) {
      const name = this.name(this.token(m, "name"));
      if (!name) continue;
      const value = this.string(this.token(m, "value"));
      members.push({ kind: "EnumMember", span: this.span(name.span.start, value?.span.end ?? name.span.end), name, value });
    }
    return {
      kind: "EnumDecl",
      span,
      name: this.name(this.token(cst, "name")),
      object: this.name(this.token(cst, "object")),
      field,
      members,
    };
  }
}

// The top rule's declarations, in text order, whichever kind they are.
function collectNodes(cst: CstNode): CstNode[] {
  const all = [...(cst.children.objectDecl ?? []), ...(cst.children.enumDecl ?? [])].filter((e): e is CstNode => !isToken(e));
  return all.map((n) => ({ n, at: n.location?.startOffset ?? startOf(n) })).sort((a, b) => a.at - b.at).map((x) => x.n);
}

// Each child list is in text order, so a node's first real token is the least of its lists' first ones.
function startOf(node: CstNode): number {
  let min = Infinity;
  for (const list of Object.values(node.children)) {
    for (const e of list) {
      const o = isToken(e) ? (real(e) ? e.startOffset : Infinity) : startOf(e);
      if (o !== Infinity) {
        if (o < min) min = o;
        break;
      }
    }
  }
  return min;
}

function endOf(node: CstNode): number {
  let max = -Infinity;
  for (const list of Object.values(node.children)) {
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i]!;
      const o = isToken(e) ? (real(e) ? e.endOffset! + 1 : -Infinity) : endOf(e);
      if (o !== -Infinity) {
        if (o > max) max = o;
        break;
      }
    }
  }
  return max;
}

/** Comment tokens (the lexer's `comments` group) as AST comments, `trailing` when code precedes them on their line. */
export function toComments(tokens: readonly IToken[], source: Source): A.Comment[] {
  return tokens.map((t) => {
    const lineStart = source.body.lastIndexOf("\n", t.startOffset - 1) + 1;
    const before = source.body.slice(lineStart, t.startOffset);
    return {
      kind: "Comment",
      span: { source, start: t.startOffset, end: t.endOffset! + 1 },
      text: t.image.slice(1).trimEnd(),
      trailing: before.trim() !== "",
    };
  });
}

/** Builds the MapFile of one or more top-rule CSTs (parse.ts restarts after a top-level error). */
export function toAst(csts: readonly CstNode[], source: Source, commentTokens: readonly IToken[]): { ast: A.MapFile; diagnostics: Diagnostic[] } {
  const builder = new Builder(source);
  const files = csts.map((cst) => builder.mapFile(cst, []));
  const ast: A.MapFile = {
    kind: "MapFile",
    span: builder.span(0, source.body.length),
    declarations: files.flatMap((f) => f.declarations),
    comments: toComments(commentTokens, source),
  };
  return { ast, diagnostics: builder.diagnostics };
}
