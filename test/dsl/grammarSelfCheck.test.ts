import { createToken, Lexer, type ISerializedGast, type TokenType } from "chevrotain";
import { describe, expect, it } from "vitest";
import { allTokens, mapLexer } from "../../dsl/lexer.ts";
import { mapParser } from "../../dsl/parser.ts";

// Every terminal the grammar consumes, by token name.
function terminals(node: ISerializedGast, into: Set<string>): Set<string> {
  const n = node as ISerializedGast & { name?: string };
  if (node.type === "Terminal" && n.name) into.add(n.name);
  for (const child of node.definition ?? []) terminals(child, into);
  return into;
}

const usedByGrammar = (): Set<string> => {
  const used = new Set<string>();
  for (const rule of mapParser.getSerializedGastProductions()) terminals(rule, used);
  return used;
};

// Tokens the parser never sees: skipped whitespace and the comments group.
const reachesParser = (t: TokenType): boolean => t.GROUP === undefined;

function unusedTokens(tokens: readonly TokenType[]): string[] {
  const used = usedByGrammar();
  return tokens
    .filter((t) => t.PATTERN !== Lexer.NA && reachesParser(t))
    .filter((t) => !used.has(t.name) && !(t.CATEGORIES ?? []).some((c) => used.has(c.name)))
    .map((t) => t.name);
}

describe("grammar self-check", () => {
  it("uses every token the lexer hands to the parser (directly or through a category)", () => {
    expect(unusedTokens(allTokens)).toEqual([]);
  });

  it("would catch a token the grammar never uses", () => {
    const semicolon = createToken({ name: "Semicolon", pattern: ";", label: "';'" });
    expect(unusedTokens([...allTokens, semicolon])).toEqual(["Semicolon"]);
  });

  it("consumes no token the lexer does not define", () => {
    const known = new Set(allTokens.map((t) => t.name));
    expect([...usedByGrammar()].filter((name) => !known.has(name))).toEqual([]);
  });

  it("has a readable label on every token a message can name", () => {
    const unlabeled = allTokens.filter((t) => reachesParser(t) && typeof t.LABEL !== "string").map((t) => t.name);
    expect(unlabeled).toEqual([]);
    const punctuation = allTokens.filter((t) => typeof t.PATTERN === "string" && !/^[a-z]+$/.test(t.PATTERN));
    expect(punctuation.map((t) => t.LABEL)).toEqual(punctuation.map((t) => `'${t.PATTERN as string}'`));
  });

  it("builds the lexer without definition errors (the parser's self-analysis throws on its own)", () => {
    expect(mapLexer.lexerDefinitionErrors).toEqual([]);
  });
});
