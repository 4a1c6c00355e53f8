/**
 * The tokens of the `.map` language and the lexer built from them (Chevrotain).
 *
 * Newlines are real tokens because members are separated by newlines only; spaces and tabs are skipped;
 * `#` comments go to the `comments` group so the formatter can put them back.
 * Keywords are reserved, except after a '.' or inside '[…]' in a path, where any word is a name
 * (the parser accepts the `AnyName` category there).
 *
 * @example
 *   const { tokens, groups, errors } = mapLexer.tokenize("object Owner from User {}");
 *   tokens.map((t) => t.tokenType.name); // ["Object", "Identifier", "From", "Identifier", "LCurly", "RCurly"]
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

export const AnyName = createToken({ name: "AnyName", pattern: Lexer.NA, label: "a name" });
export const StringLike = createToken({ name: "StringLike", pattern: Lexer.NA, label: "a string" });
// Keywords that cannot start a member: the parser takes them as a (misnamed) field so it can say so precisely.
export const ReservedName = createToken({ name: "ReservedName", pattern: Lexer.NA, label: "a name" });

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: "a name",
  categories: [AnyName],
});

function keyword(word: string, startsMember = false): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  const categories = startsMember ? [AnyName] : [AnyName, ReservedName];
  return createToken({ name, pattern: word, longer_alt: Identifier, label: `'${word}'`, categories });
}

export const Object_ = keyword("object", true);
export const From = keyword("from");
export const Allow = keyword("allow", true);
export const Where = keyword("where", true);
export const Dedupe = keyword("dedupe", true);
export const By = keyword("by");
export const Custom = keyword("custom");
export const Required = keyword("required");
export const Readonly = keyword("readonly");
export const Default = keyword("default");
export const Enum = keyword("enum", true);
export const True = keyword("true");
export const False = keyword("false");
export const Null = keyword("null");

export const KEYWORDS: readonly TokenType[] = [
  Object_, From, Allow, Where, Dedupe, By, Custom, Required, Readonly, Default, Enum, True, False, Null,
];

export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\n]|\\[^\n])*"/,
  label: "a string",
  categories: [StringLike],
});
// Matches what is left of a string with no closing quote on its line; parse() reports it (MAP002) and the
// parser takes it as a string, so one missing quote does not also produce a syntax error.
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  label: "a string",
  categories: [StringLike],
});
// A string in single quotes: parse() reports it (MAP007) and the parser takes it as a string, as above.
export const SingleQuotedString = createToken({
  name: "SingleQuotedString",
  pattern: /'[^'\n]*'/,
  label: "a string",
  categories: [StringLike],
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  label: "a number",
});

export const Arrow = createToken({ name: "Arrow", pattern: "<-", label: "'<-'" });
export const LCurly = createToken({ name: "LCurly", pattern: "{", label: "'{'" });
export const RCurly = createToken({ name: "RCurly", pattern: "}", label: "'}'" });
export const LBracket = createToken({ name: "LBracket", pattern: "[", label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: "]", label: "']'" });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "','" });
export const Colon = createToken({ name: "Colon", pattern: ":", label: "':'" });
export const Dot = createToken({ name: "Dot", pattern: ".", label: "'.'" });
export const Equals = createToken({ name: "Equals", pattern: "=", label: "'='" });
export const Bang = createToken({ name: "Bang", pattern: "!", label: "'!'" });

export const Newline = createToken({ name: "Newline", pattern: /\n/, label: "end of line", line_breaks: true });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\f\v\uFEFF]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\n]*/, group: "comments" });
// `// note`: a comment in another language's syntax. parse() reports it once (MAP001) and, kept out of the
// parser's way, the words after it do not become errors of their own.
export const SlashComment = createToken({ name: "SlashComment", pattern: /\/\/[^\n]*/, group: "slashComments" });

/** Every token type, in matching order (keywords before Identifier, `<-` before anything starting with `<`). */
export const allTokens: readonly TokenType[] = [
  WhiteSpace, Newline, Comment, SlashComment,
  StringLiteral, UnterminatedString, SingleQuotedString, NumberLiteral,
  Arrow, LCurly, RCurly, LBracket, RBracket, Comma, Colon, Dot, Equals, Bang,
  ...KEYWORDS, Identifier,
  AnyName, StringLike, ReservedName,
];

/** The one lexer instance; `tokenize` is reentrant. Lexing errors are returned, never thrown. */
export const mapLexer = new Lexer([...allTokens], {
  positionTracking: "full",
  ensureOptimizations: false,
});
