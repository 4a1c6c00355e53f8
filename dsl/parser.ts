/**
 * The grammar of the `.map` language as a Chevrotain `CstParser`: grammar only, no semantics (toAst.ts
 * gives the tree its meaning). One instance, built and self-analysed once at module load, is reused by
 * assigning `.input`; error recovery is on, so one run collects every syntax error and a partial tree.
 *
 * ```
 * mapFile     := (NL | objectDecl | enumDecl)*
 * objectDecl  := 'object' Name 'from' Name objectBody
 * objectBody  := '{' NL* (member memberEnd)* '}'
 * memberEnd   := NL+ | (nothing, before '}')               anything else: one error, rest of the line skipped
 * member      := allowClause | whereClause | dedupeClause | fieldDecl
 * allowClause := 'allow' Name (',' Name)*
 * whereClause := 'where' path '=' literal
 * dedupeClause:= 'dedupe' 'by' Name (',' Name)*
 * fieldDecl   := Name ':' typeRef '<-' sourceExpr modifier*    (a keyword as Name: toAst reports it)
 * typeRef     := Name '!'? | '[' Name '!'? ']' '!'?
 * sourceExpr  := path | customRef          customRef := 'custom' String
 * path        := segment ('.' dotSegment)*  segment := Name selector?   dotSegment := AnyName selector?
 * selector    := '[' (AnyName | Number) ']'
 * modifier    := 'required' | 'readonly' | 'default' literal
 * enumDecl    := 'enum' Name 'from' Name '.' (customRef | Name) enumBody
 * enumBody    := '{' (NL | enumMember)* '}'              enumMember := Name ('=' String)? ','?
 * literal     := String | Number | 'true' | 'false' | 'null'
 * ```
 * After a '.' and inside '[…]' a path segment may be any word, keywords included. A field named by a
 * keyword that cannot start a member (`from`, `default`, …) parses, so toAst can report it precisely.
 *
 * @example
 *   mapParser.input = mapLexer.tokenize(text).tokens;
 *   const cst = mapParser.mapFile();
 *   mapParser.errors; // every syntax error, never thrown
 */
import { CstParser, EOF, NoViableAltException, tokenMatcher, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import {
  allTokens, Allow, AnyName, Arrow, Bang, By, Colon, Comma, Custom, Dedupe, Default, Dot, Enum, Equals, False,
  From, Identifier, LBracket, LCurly, Newline, Null, NumberLiteral, Object_, RBracket, RCurly, Readonly,
  ReservedName, Required, StringLike, True, Where,
} from "./lexer.ts";

// How a token reads in a message: `'{'`, `'email'`, `end of line`, `end of file`.
function describeToken(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return "end of file";
  if (token.tokenType === Newline) return "end of line";
  const image = token.image.length > 30 ? `${token.image.slice(0, 29)}…` : token.image;
  return `'${image}'`;
}

function describeType(type: TokenType): string {
  if (type === EOF) return "end of file";
  return typeof type.LABEL === "string" ? type.LABEL : type.name;
}

// What a rule's first token means, so "after 'email'" can say "after field name 'email'".
function describePrevious(previous: IToken | undefined, ruleName: string, expected: TokenType[], actual?: IToken): string {
  if (!previous || previous.startOffset === actual?.startOffset || previous.tokenType === Newline || previous.tokenType === EOF || Number.isNaN(previous.startOffset)) return "";
  if (ruleName === "fieldDecl" && expected.includes(Colon) && tokenMatcher(previous, AnyName)) {
    return ` after field name '${previous.image}'`;
  }
  return ` after ${describeToken(previous)}`;
}

function oneOf(types: TokenType[]): string {
  const labels = [...new Set(types.map(describeType))];
  if (labels.length <= 1) return labels[0] ?? "something else";
  return `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
}

const ruleWhat: Record<string, string> = {
  member: "a member (allow, where, dedupe or a field)",
  typeRef: "a type",
  sourceExpr: "a source (a field path or custom \"Label\")",
  literal: "a value (a string, a number, true, false or null)",
  modifier: "a modifier (required, readonly or default)",
};

/** The message for a word that starts no declaration; parse.ts uses it for a misspelt `object` or `enum` too. */
export function topLevelMessage(found: IToken): string {
  return `Expected 'object' or 'enum' to start a declaration, found ${describeToken(found)}.`;
}

const messages = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    if (expected === EOF) return topLevelMessage(actual);
    // Inside a block, a token that starts no member is more likely a broken member than a missing '}'.
    const blockEnds = [Object_, Enum, EOF].includes(actual.tokenType);
    if (expected === RCurly && !blockEnds && (ruleName === "objectBody" || ruleName === "enumBody")) {
      const what = ruleName === "objectBody" ? "a member (allow, where, dedupe or a field)" : "an enum member";
      return `Expected ${what} or '}', found ${describeToken(actual)}.`;
    }
    return `Expected ${describeType(expected)}${describePrevious(previous, ruleName, [expected], actual)}, found ${describeToken(actual)}.`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }: { firstRedundant: IToken; ruleName: string }): string {
    return topLevelMessage(firstRedundant);
  },
  buildNoViableAltMessage(o: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
    const firsts = o.expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]).filter((t): t is TokenType => t !== undefined));
    const what = ruleWhat[o.ruleName] ?? (o.ruleName === "memberEnd" ? "end of line or '}'" : oneOf(firsts));
    return `Expected ${what}${describePrevious(o.previous, o.ruleName, firsts, o.actual[0])}, found ${describeToken(o.actual[0])}.`;
  },
  buildEarlyExitMessage(o: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
    const firsts = o.expectedIterationPaths.map((p) => p[0]).filter((t): t is TokenType => t !== undefined);
    return `Expected ${oneOf(firsts)}${describePrevious(o.previous, o.ruleName, firsts, o.actual[0])}, found ${describeToken(o.actual[0])}.`;
  },
};

/** Thrown out of a run once it has used up its `errorBudget`: past that many errors the rest is noise, and costs time. */
export class TooManyErrors extends Error {
  readonly token: IToken;

  constructor(token: IToken) {
    super("too many syntax errors");
    this.token = token;
  }
}

class MapParser extends CstParser {
  /** How many more errors the current run may record before it throws TooManyErrors; parse() sets it per run. */
  errorBudget = Infinity;

  constructor() {
    super([...allTokens], { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: "onlyOffset", errorMessageProvider: messages });
    this.performSelfAnalysis();
    // Every recorded error goes through Chevrotain's SAVE_ERROR (absent from its typings). Counting there also
    // bounds its in-repetition recovery, which recurses once per error and would overflow the stack on garbage.
    const recorder = this as unknown as { SAVE_ERROR(e: IRecognitionException): IRecognitionException };
    const save = recorder.SAVE_ERROR.bind(this);
    recorder.SAVE_ERROR = (e) => {
      if (this.errorBudget-- <= 0) throw new TooManyErrors(e.token);
      return save(e);
    };
  }

  mapFile = this.RULE("mapFile", () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(Newline) },
        { ALT: () => this.SUBRULE(this.objectDecl) },
        { ALT: () => this.SUBRULE(this.enumDecl) },
      ]),
    );
  });

  objectDecl = this.RULE("objectDecl", () => {
    this.CONSUME(Object_);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(From);
    this.CONSUME2(Identifier, { LABEL: "source" });
    this.SUBRULE(this.objectBody);
  });

  objectBody = this.RULE("objectBody", () => {
    this.CONSUME(LCurly);
    this.MANY(() => this.CONSUME(Newline));
    this.MANY2(() => {
      this.SUBRULE(this.member);
      this.SUBRULE(this.memberEnd);
    });
    this.CONSUME(RCurly);
  });

  memberEnd = this.RULE("memberEnd", () => {
    this.OR([
      { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(Newline)) },
      { ALT: () => this.ACTION(() => this.skipRestOfLine()) },
    ]);
  });

  /**
   * A member ends at a newline or before '}'. Anything else left on the line is one error, and the line's
   * remaining tokens are skipped here, so recovery resumes at the next member instead of leaving the block.
   */
  private skipRestOfLine(): void {
    const stop = (): boolean => [Newline, RCurly, EOF].includes(this.LA(1).tokenType);
    if (stop()) return;
    const message = messages.buildNoViableAltMessage({ expectedPathsPerAlt: [], actual: [this.LA(1)], previous: this.LA(0), ruleName: "memberEnd" });
    (this as unknown as { SAVE_ERROR(e: Error): void }).SAVE_ERROR(new NoViableAltException(message, this.LA(1), this.LA(0)));
    while (!stop()) this.SKIP_TOKEN();
    while (this.LA(1).tokenType === Newline) this.SKIP_TOKEN();
  }

  member = this.RULE("member", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.allowClause) },
      { ALT: () => this.SUBRULE(this.whereClause) },
      { ALT: () => this.SUBRULE(this.dedupeClause) },
      { ALT: () => this.SUBRULE(this.fieldDecl) },
    ]);
  });

  allowClause = this.RULE("allowClause", () => {
    this.CONSUME(Allow);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(Identifier) });
  });

  whereClause = this.RULE("whereClause", () => {
    this.CONSUME(Where);
    this.SUBRULE(this.path);
    this.CONSUME(Equals);
    this.SUBRULE(this.literal);
  });

  dedupeClause = this.RULE("dedupeClause", () => {
    this.CONSUME(Dedupe);
    this.CONSUME(By);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(Identifier) });
  });

  fieldDecl = this.RULE("fieldDecl", () => {
    this.OR([
      { ALT: () => this.CONSUME(Identifier, { LABEL: "name" }) },
      { ALT: () => this.CONSUME(ReservedName, { LABEL: "name" }) },
    ]);
    this.CONSUME(Colon);
    this.SUBRULE(this.typeRef);
    this.CONSUME(Arrow);
    this.SUBRULE(this.sourceExpr);
    this.MANY(() => this.SUBRULE(this.modifier));
  });

  typeRef = this.RULE("typeRef", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Identifier);
          this.OPTION(() => this.CONSUME(Bang, { LABEL: "nonNull" }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(LBracket);
          this.CONSUME2(Identifier);
          this.OPTION2(() => this.CONSUME2(Bang, { LABEL: "itemNonNull" }));
          this.CONSUME(RBracket);
          this.OPTION3(() => this.CONSUME3(Bang, { LABEL: "nonNull" }));
        },
      },
    ]);
  });

  sourceExpr = this.RULE("sourceExpr", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.path) },
      { ALT: () => this.SUBRULE(this.customRef) },
    ]);
  });

  customRef = this.RULE("customRef", () => {
    this.CONSUME(Custom);
    this.CONSUME(StringLike);
  });

  path = this.RULE("path", () => {
    this.SUBRULE(this.segment);
    this.MANY(() => {
      this.CONSUME(Dot);
      this.SUBRULE(this.dotSegment);
    });
  });

  segment = this.RULE("segment", () => {
    this.CONSUME(Identifier, { LABEL: "name" });
    this.OPTION(() => this.SUBRULE(this.selector));
  });

  // After a '.', a keyword is a name too: `company.custom` is unambiguous there.
  dotSegment = this.RULE("dotSegment", () => {
    this.CONSUME(AnyName, { LABEL: "name" });
    this.OPTION(() => this.SUBRULE(this.selector));
  });

  selector = this.RULE("selector", () => {
    this.CONSUME(LBracket);
    this.OR([
      { ALT: () => this.CONSUME(AnyName, { LABEL: "value" }) },
      { ALT: () => this.CONSUME(NumberLiteral, { LABEL: "value" }) },
    ]);
    this.CONSUME(RBracket);
  });

  modifier = this.RULE("modifier", () => {
    this.OR([
      { ALT: () => this.CONSUME(Required) },
      { ALT: () => this.CONSUME(Readonly) },
      {
        ALT: () => {
          this.CONSUME(Default);
          this.SUBRULE(this.literal);
        },
      },
    ]);
  });

  enumDecl = this.RULE("enumDecl", () => {
    this.CONSUME(Enum);
    this.CONSUME(Identifier, { LABEL: "name" });
    this.CONSUME(From);
    this.CONSUME2(Identifier, { LABEL: "object" });
    this.CONSUME(Dot);
    this.OR([
      { ALT: () => this.SUBRULE(this.customRef) },
      { ALT: () => this.CONSUME3(Identifier, { LABEL: "field" }) },
    ]);
    this.SUBRULE(this.enumBody);
  });

  enumBody = this.RULE("enumBody", () => {
    this.CONSUME(LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(Newline) },
        { ALT: () => this.SUBRULE(this.enumMember) },
      ]),
    );
    this.CONSUME(RCurly);
  });

  enumMember = this.RULE("enumMember", () => {
    this.CONSUME(Identifier, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.CONSUME(StringLike, { LABEL: "value" });
    });
    this.OPTION2(() => this.CONSUME(Comma));
  });

  literal = this.RULE("literal", () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLike) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(Null) },
    ]);
  });
}

export type { MapParser };

/** The one parser instance (Chevrotain parsers are costly to build and meant to be reused). */
export const mapParser = new MapParser();
