/**
 * `.map` text → AST plus every lexical and syntax diagnostic. Never throws, whatever the input.
 *
 * Codes: MAP001 unexpected character, MAP002 unterminated string, MAP003 unexpected token (expected X,
 * found Y), MAP004 unknown string escape, MAP005 list index that is not a whole number, MAP006 a keyword
 * used as a field name, MAP007 a string in single quotes, MAP008 too many errors (reading stopped after
 * 100). MAP0xx codes are syntax; the checker uses MAP1xx.
 * After an error at the top level (outside any declaration) parsing restarts at the next line that begins
 * with `object` or `enum`, so later declarations are still parsed and checked.
 *
 * @example
 *   const { ast, diagnostics } = parse(new Source(text, "mappings/contact.map"));
 *   if (!hasErrors(diagnostics)) useTheTree(ast);
 */
import type { CstNode, ILexingError, IRecognitionException, IToken } from "chevrotain";
import type { MapFile } from "./ast.ts";
import type { Diagnostic } from "./diagnostic.ts";
import { didYouMean, suggestionList } from "./didYouMean.ts";
import { Custom, Dot, Enum, From, Identifier, KEYWORDS, NumberLiteral, LCurly, mapLexer, Newline, Object_, RCurly, SingleQuotedString, UnterminatedString } from "./lexer.ts";
import { mapParser, TooManyErrors, topLevelMessage } from "./parser.ts";
import type { Source, Span } from "./source.ts";
import { toAst } from "./toAst.ts";

export function parse(source: Source): { ast: MapFile; diagnostics: Diagnostic[] } {
  const lexed = mapLexer.tokenize(source.body);
  const diagnostics: Diagnostic[] = lexed.errors.map((e) => lexError(e, source));
  for (const t of lexed.tokens) {
    if (t.tokenType === UnterminatedString) {
      diagnostics.push({
        code: "MAP002",
        severity: "error",
        message: "Unterminated string: it has no closing '\"' on its line.",
        hint: 'close the string with \'"\' on the same line; write \\n for a line break inside it',
        labels: [{ span: span(source, t.startOffset, t.endOffset! + 1) }],
      });
    } else if (t.tokenType === SingleQuotedString) {
      diagnostics.push({
        code: "MAP007",
        severity: "error",
        message: `Strings are written in double quotes, found ${t.image}.`,
        hint: `write "${t.image.slice(1, -1).replace(/["\\]/g, "\\$&")}"`,
        labels: [{ span: span(source, t.startOffset, t.endOffset! + 1) }],
      });
    }
  }

  for (const t of lexed.groups.slashComments ?? []) {
    diagnostics.push({
      code: "MAP001",
      severity: "error",
      message: "Unexpected characters '//'.",
      hint: "comments start with '#': # …",
      labels: [{ span: span(source, t.startOffset, t.startOffset + 2) }],
    });
  }
  const tokens = repairBraceOnNextLine(repairDeclarationKeywords(lexed.tokens, source, diagnostics), source, diagnostics);
  const csts: CstNode[] = [];
  const syntaxErrors: IRecognitionException[] = [];
  let from = 0;
  let stoppedAt: number | undefined;
  for (;;) {
    mapParser.input = from === 0 ? tokens : tokens.slice(from);
    mapParser.errorBudget = MAX_SYNTAX_ERRORS - syntaxErrors.length;
    let cst: CstNode;
    try {
      cst = mapParser.mapFile();
    } catch (error) {
      if (!(error instanceof TooManyErrors)) throw error;
      // Read again only up to the line where the budget ran out, and say where reading stopped.
      const stop = stopLine(error.token.startOffset, source);
      const cut = tokens.findIndex((t, i) => i >= from && t.startOffset >= stop);
      mapParser.input = tokens.slice(from, cut < 0 ? tokens.length : cut);
      mapParser.errorBudget = Infinity;
      csts.push(mapParser.mapFile());
      syntaxErrors.push(...mapParser.errors);
      stoppedAt = stop;
      break;
    }
    csts.push(cst);
    syntaxErrors.push(...mapParser.errors);
    if (mapParser.errors.length === 0) break;
    // Recovery usually resumes at the next declaration by itself; when it gave up, restart there.
    const restart = nextDeclaration(tokens, from + 1, lastOffset(cst));
    if (restart === undefined) break;
    from = restart;
  }

  const lastCode = tokens.findLast((t) => t.tokenType !== Newline);
  const endOfCode = lastCode ? lastCode.endOffset! + 1 : 0;
  const syntax = syntaxErrors
    .map((e) => ({ e, span: errorSpan(e.token, source, endOfCode), topLevel: e.context.ruleStack.length <= 1, header: ["objectDecl", "enumDecl"].includes(e.context.ruleStack.at(-1) ?? "") }))
    .sort((a, b) => a.span.start - b.span.start);

  const built = toAst(csts, source, lexed.groups.comments ?? []);
  diagnostics.push(...built.diagnostics);
  const kept = withoutCascades(syntax, diagnostics, built.ast, source).map((d) => withOpenBrace(d, tokens, source));
  // The first problem on a line is the one to fix: a stray character after a syntax error is not reported too.
  const syntaxAt = new Map(kept.map((d) => [source.locate(d.labels[0].span.start).line, d.labels[0].span.start]));
  const lexical = diagnostics.filter((d) => d.code !== "MAP001" || (syntaxAt.get(source.locate(d.labels[0].span.start).line) ?? Infinity) > d.labels[0].span.start);
  diagnostics.length = 0;
  diagnostics.push(...lexical, ...kept);
  diagnostics.sort((a, b) => a.labels[0].span.start - b.labels[0].span.start);
  return { ast: built.ast, diagnostics: capped(diagnostics, stoppedAt, source) };
}

/**
 * `objekt Owner from User {`: a misspelt `object` or `enum` would lose the whole declaration, and every file
 * that relates to it would then report the object as undeclared. A word close to one of them, at the start of
 * a line outside any block and followed by `Name from`, is reported once and read as the keyword it was meant to be.
 */
function repairDeclarationKeywords(tokens: IToken[], source: Source, diagnostics: Diagnostic[]): IToken[] {
  let repaired: IToken[] | undefined;
  let depth = 0;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.tokenType === LCurly) depth++;
    else if (t.tokenType === RCurly) depth = Math.max(0, depth - 1);
    const before = tokens[i - 1]?.tokenType;
    if (depth > 0 || t.tokenType !== Identifier || (before !== undefined && before !== Newline && before !== RCurly)) continue;
    if (tokens[i + 1]!.tokenType !== Identifier || tokens[i + 2]!.tokenType !== From) continue;
    const meant = suggestionList(t.image, ["object", "enum"])[0];
    if (meant === undefined) continue;
    const keyword = meant === "object" ? Object_ : Enum;
    repaired ??= [...tokens];
    repaired[i] = { ...t, tokenType: keyword, tokenTypeIdx: keyword.tokenTypeIdx! };
    diagnostics.push({
      code: "MAP003",
      severity: "error",
      message: topLevelMessage(t),
      hint: `did you mean '${meant}'?`,
      labels: [{ span: span(source, t.startOffset, t.endOffset! + 1) }],
    });
  }
  return repaired ?? tokens;
}

/**
 * `object Owner from User` with its `{` on the next line: one error, and the line breaks before the `{` are
 * dropped so the body is still read, instead of every member after it being reported as stray text.
 */
function repairBraceOnNextLine(tokens: IToken[], source: Source, diagnostics: Diagnostic[]): IToken[] {
  const drop = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.tokenType !== Newline || tokens[i - 1]?.tokenType !== Identifier || !startsHeader(tokens, i - 1)) continue;
    let j = i;
    while (tokens[j]?.tokenType === Newline) j++;
    if (tokens[j]?.tokenType !== LCurly) continue;
    for (let k = i; k < j; k++) drop.add(k);
    diagnostics.push({
      code: "MAP003",
      severity: "error",
      message: `Expected '{' after '${tokens[i - 1]!.image}', found end of line.`,
      hint: "put the '{' on the same line as the declaration",
      labels: [{ span: lineEnd(source, tokens[i]!.startOffset) }],
    });
  }
  return drop.size === 0 ? tokens : tokens.filter((_, k) => !drop.has(k));
}

// Whether the name at `end` closes a declaration header: `object A from B` or `enum E from O.field`.
function startsHeader(tokens: readonly IToken[], end: number): boolean {
  const at = (k: number) => tokens[end - k]?.tokenType;
  if (at(1) === From && at(3) === Object_) return true;
  return at(1) === Dot && at(3) === From && at(5) === Enum;
}

/** At most MAX_SYNTAX_ERRORS diagnostics, none past where the parser stopped, and MAP008 saying where that was. */
function capped(diagnostics: Diagnostic[], stoppedAt: number | undefined, source: Source): Diagnostic[] {
  let stop = stoppedAt;
  let kept = stop === undefined ? diagnostics : diagnostics.filter((d) => d.labels[0].span.start < stop!);
  if (kept.length > MAX_SYNTAX_ERRORS) {
    stop = stopLine(kept[MAX_SYNTAX_ERRORS]!.labels[0].span.start, source);
    kept = kept.filter((d, i) => i < MAX_SYNTAX_ERRORS && d.labels[0].span.start < stop!);
  }
  if (stop === undefined) return kept;
  return [
    ...kept,
    {
      code: "MAP008",
      severity: "error",
      message: `Too many syntax errors: reading stopped at line ${source.locate(stop).line}.`,
      hint: "fix the errors above, then check the file again",
      labels: [{ span: span(source, stop, stop) }],
    },
  ];
}

/**
 * Recovery reports errors that only follow from an earlier one. A member is one line, so after the first
 * problem on a line the others on it are dropped; at the top level, only the first stray token before the
 * next declaration is reported.
 */
function withoutCascades(
  syntax: { e: IRecognitionException; span: Span; topLevel: boolean; header: boolean }[],
  others: readonly Diagnostic[],
  ast: MapFile,
  source: Source,
): Diagnostic[] {
  const earliestOther = new Map<number, number>();
  for (const d of others) {
    const line = source.locate(d.labels[0].span.start).line;
    earliestOther.set(line, Math.min(earliestOther.get(line) ?? Infinity, d.labels[0].span.start));
  }
  const declStarts = ast.declarations.map((d) => d.span.start);
  const kept: Diagnostic[] = [];
  const linesWithSyntaxError = new Set<number>();
  let lastTopLevel = -1;
  for (const { e, span: at, topLevel, header } of syntax) {
    const line = source.locate(at.start).line;
    if (linesWithSyntaxError.has(line)) continue;
    if ((earliestOther.get(line) ?? Infinity) <= at.start) continue;
    if (topLevel && lastTopLevel >= 0 && !declStarts.some((s) => s > lastTopLevel && s < at.start)) continue;
    // A broken header leaves its body to be read as stray text: that is the same error, not a new one.
    if (topLevel || header) lastTopLevel = at.start;
    linesWithSyntaxError.add(line);
    const hint = syntaxHint(e, source);
    kept.push({ code: "MAP003", severity: "error", message: e.message, ...(hint ? { hint } : {}), labels: [{ span: at }] });
  }
  return kept;
}

/** At most this many syntax errors are collected from one file (fewer are reported: cascades are dropped). */
const MAX_SYNTAX_ERRORS = 100;

// The start of the line holding an offset (a token's, or the end of the text for end of file).
function stopLine(offset: number, source: Source): number {
  const at = Number.isFinite(offset) && offset >= 0 ? Math.min(offset, source.body.length) : source.body.length;
  return source.body.lastIndexOf("\n", at - 1) + 1;
}

function span(source: Source, start: number, end: number): Span {
  return { source, start, end };
}

/** "Expected '}'" also points at the '{' left open: the innermost one not closed before the error. */
function withOpenBrace(d: Diagnostic, tokens: readonly IToken[], source: Source): Diagnostic {
  if (!d.message.startsWith("Expected '}'")) return d;
  const at = d.labels[0].span.start;
  const open: IToken[] = [];
  for (const t of tokens) {
    if (t.startOffset >= at) break;
    if (t.tokenType === LCurly) open.push(t);
    else if (t.tokenType === RCurly) open.pop();
  }
  const brace = open.at(-1);
  if (!brace) return d;
  return { ...d, labels: [d.labels[0], { span: span(source, brace.startOffset, brace.startOffset + 1), message: "this '{' is not closed" }] };
}

// The next `object`/`enum` that begins a line after offset `after`: where a new declaration surely starts.
function nextDeclaration(tokens: readonly IToken[], from: number, after: number): number | undefined {
  for (let j = Math.max(from, 1); j < tokens.length; j++) {
    const t = tokens[j]!;
    const before = tokens[j - 1]!.tokenType;
    if (t.startOffset > after && (t.tokenType === Object_ || t.tokenType === Enum) && (before === Newline || before === RCurly)) return j;
  }
  return undefined;
}

function lastOffset(node: CstNode): number {
  let max = -1;
  for (const list of Object.values(node.children)) {
    for (const e of list) {
      const o = "tokenType" in e ? (e.isInsertedInRecovery ? -1 : e.startOffset) : lastOffset(e);
      if (Number.isFinite(o) && o > max) max = o;
    }
  }
  return max;
}

// A newline or end of file is "found" at a point, not over a character, so the caret sits after the code.
function errorSpan(token: IToken, source: Source, endOfCode: number): Span {
  const start = token.startOffset;
  if (!Number.isFinite(start) || start < 0 || token.isInsertedInRecovery) return span(source, endOfCode, endOfCode);
  if (token.tokenType === Newline) return lineEnd(source, start);
  return span(source, start, Math.min(token.endOffset! + 1, source.body.length));
}

// The empty span at a line break: with CRLF line ends the line ends before the '\r', where the caret belongs.
function lineEnd(source: Source, newline: number): Span {
  const at = source.body[newline - 1] === "\r" ? newline - 1 : newline;
  return span(source, at, at);
}

const charHints: Record<string, string> = {
  ";": "members are separated by newlines; remove the ';'",
  "'": "strings are written in double quotes: \"Lead Source\"",
  "`": "strings are written in double quotes: \"Lead Source\"",
  "-": "a field takes its source after '<-': name : Type <- source",
  "<": "a field takes its source after '<-': name : Type <- source",
  ">": "a field takes its source after '<-': name : Type <- source",
  "(": "the language has no parentheses",
  ")": "the language has no parentheses",
  "@": "names are letters, digits and '_'",
  "$": "names are letters, digits and '_'",
  "→": "write the arrow as '<-'",
  "←": "write the arrow as '<-'",
};

// `prénom : String <- …`: a name is ASCII; a label with accents belongs to Pipedrive and is quoted.
const NON_ASCII_NAME = "names are ASCII letters, digits and '_' (prenom); a custom field's label, in any script, is written in quotes: custom \"Prénom\"";

function lexError(e: ILexingError, source: Source): Diagnostic {
  const chars = source.body.slice(e.offset, e.offset + e.length);
  const list = [...chars];
  const shown = list.slice(0, 20).map(printable).join("") + (list.length > 20 ? "…" : "");
  const first = chars[0] ?? "";
  const message = list.length > 1 ? `Unexpected characters '${shown}'.` : `Unexpected character '${shown}'.`;
  const hint = chars === "->" ? "did you mean '<-'?" : charHints[first] ?? (/\p{L}/u.test(first) ? NON_ASCII_NAME : undefined);
  return { code: "MAP001", severity: "error", message, ...(hint ? { hint } : {}), labels: [{ span: span(source, e.offset, e.offset + e.length) }] };
}

function printable(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0xa0) ? `\\u{${code.toString(16)}}` : c;
}

// The list member (`allow …`, `dedupe by …`) a token ends, read from the start of its line; undefined for others.
function listMember(token: IToken, source: Source): "allow" | "dedupe" | undefined {
  const first = /^\s*(allow|dedupe)\b/.exec(source.lineText(source.locate(token.startOffset).line));
  return first ? (first[1] as "allow" | "dedupe") : undefined;
}

function syntaxHint(e: IRecognitionException, source: Source): string | undefined {
  const t = e.token;
  const rule = e.context.ruleStack.at(-1) ?? "";
  if (e.context.ruleStack.length <= 1) {
    const near = t.tokenType === Identifier ? didYouMean(t.image, ["object", "enum"]) : undefined;
    if (near) return near;
    if (t.tokenType === RCurly) return "this '}' closes no block: remove it";
    return "a .map file holds only 'object … from … { … }' and 'enum … from … { … }' declarations";
  }
  if (rule === "enumDecl" && t.tokenType !== Newline && (t.tokenType === Custom || !KEYWORDS.includes(t.tokenType))) return 'an enum declaration reads: enum LeadSource from Contact.custom "Lead Source" {';
  if (rule === "enumMember" && e.message.startsWith("Expected a string") && (t.tokenType === Identifier || t.tokenType === NumberLiteral)) return `quote the value: = "${t.image.replace(/["\\]/g, "")}"`;
  if (KEYWORDS.includes(t.tokenType) && /^Expected a (name|source|type|member)/.test(e.message)) {
    return `'${t.image}' is a keyword; keywords can be names only after a '.' in a path`;
  }
  // A misspelt keyword reads as a field name or a stray word: `alow read`, `dedup by email`, `requird`.
  const previous = (e as { previousToken?: IToken }).previousToken;
  if (rule === "fieldDecl" && e.message.startsWith("Expected ':'") && previous && t.tokenType !== Newline) {
    const near = didYouMean(previous.image, ["allow", "where", "dedupe"]);
    if (near) return near;
  }
  if (rule === "memberEnd" && t.image === "." && (e as { previousToken?: IToken }).previousToken?.image.startsWith('"')) {
    return "a custom field is mapped whole (custom \"Label\"), its parts cannot be picked: a monetary one as Money, an address as Address";
  }
  if (rule === "memberEnd" && t.image === "and") return "separate names with ',', as in allow read, create";
  if (rule === "memberEnd" && t.tokenType === Identifier) {
    const near = didYouMean(t.image, ["required", "readonly", "default"]);
    if (near) return near;
  }
  // `allow read create` and `dedupe by firstName lastName` lack commas; they are not two members on one line.
  const list = rule === "memberEnd" && t.tokenType === Identifier && previous?.tokenType === Identifier ? listMember(previous, source) : undefined;
  if (list === "allow") return "separate the operations with ',', as in allow read, create, update";
  if (list === "dedupe") return "separate the key's fields with ',', as in dedupe by contact, doneAt";
  if (rule === "memberEnd") return "put each member on its own line";
  if (e.message.startsWith("Expected '<-'") && t.image === "=") return "a field takes its source with '<-': name : Type <- source";
  if (e.message.startsWith("Expected a name after 'allow'")) return "list the operations after allow, as in allow read, create";
  if (e.message.startsWith("Expected a name after 'by'")) return "name the fields after dedupe by, as in dedupe by email";
  if (rule === "objectDecl" && t.tokenType !== Newline) return "a declaration reads: object Contact from Person {";
  if (e.message.startsWith("Expected a name after 'enum'") || (rule === "enumDecl" && t.tokenType !== Newline)) return 'an enum declaration reads: enum LeadSource from Contact.custom "Lead Source" {';
  if (e.message.startsWith("Expected a source") && t.tokenType !== Newline) return 'a field takes its source after \'<-\': a field key (first_name), a path (emails[primary].value) or custom "Label"';
  if (e.message.startsWith("Expected a string after 'custom'")) return 'write the label exactly as Pipedrive shows it, in double quotes: custom "Lead Source"';
  if (e.message.startsWith("Expected '<-'") && t.image === "!") return "one '!' makes a type non-null: String!";
  if (e.message.startsWith("Expected '<-'")) return "a field takes its source after '<-': name : Type <- source";
  if (e.message.startsWith("Expected 'by'")) return `write 'dedupe by', as in dedupe by ${t.tokenType === Identifier ? t.image : "email"}`;
  if (e.message.startsWith("Expected ':'") && rule === "fieldDecl") return "a field is written 'name : Type <- source', on one line";
  if (rule === "fieldDecl" || rule === "typeRef" || rule === "sourceExpr" || rule === "path" || rule === "segment") {
    if (t.tokenType === Newline) return "a field is written 'name : Type <- source', on one line";
  }
  if (rule === "literal") {
    return e.context.ruleStack.at(-2) === "whereClause" ? "compare with a value, as in where done = true" : 'give the default a value, as in default "Web" or default 0';
  }
  if (rule === "typeRef" && e.message.startsWith("Expected ']'")) return "close the list type with ']', as in [String!]";
  if (rule === "typeRef") return "write the field's type after ':', such as String, String! or [String!]";
  if (rule === "selector") return "a selector is a label or an index in brackets, as in emails[primary] or phones[0]";
  if (e.message.startsWith("Expected '{'") && t.tokenType === Newline) return "put the '{' on the same line as the declaration";
  if (e.message.startsWith("Expected a member (allow, where, dedupe or a field) or '}'")) {
    return "a member is 'allow …', 'where … = …', 'dedupe by …' or a field 'name : Type <- source'";
  }
  if (e.message.startsWith("Expected '}'")) return "close the block with '}'";
  if (rule === "enumMember" || rule === "enumBody") return "enum members are written 'Name' or 'Name = \"value\"'";
  if (e.message.startsWith("Expected '{'")) return "a declaration is one line that ends with '{': object Contact from Person {";
  if (rule === "enumDecl") return 'an enum declaration reads: enum LeadSource from Contact.custom "Lead Source" {';
  return "see the grammar in the README, section \"The .map language\"";
}
