import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printCodeFrame } from "../../dsl/printCodeFrame.ts";
import { Source } from "../../dsl/source.ts";

const dir = join(import.meta.dirname, "../fixtures/codeframe");
const text = ["object Contact from Person {", "  id : ID! <- id", "  first : String <- frist_name", "  last : String <- last_name", "}"].join("\n");
const source = new Source(text, "mappings/contact.map");
const spanOf = (src: Source, needle: string, occurrence = 0) => {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = src.body.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`test setup: '${needle}' not in text`);
  return { source: src, start: at, end: at + needle.length };
};

describe("printCodeFrame", () => {
  it("marks a span on the first line", async () => {
    await expect(printCodeFrame(spanOf(source, "Contact"), { message: "declared here" })).toMatchFileSnapshot(join(dir, "first-line.txt"));
  });

  it("marks a span in the middle with one line of context around it", async () => {
    const frame = printCodeFrame(spanOf(source, "frist_name"), { message: "not a field of Person" });
    expect(frame.split("\n")).toEqual([
      " --> mappings/contact.map:3:21",
      "  |",
      "2 |   id : ID! <- id",
      "3 |   first : String <- frist_name",
      "  |                     ^^^^^^^^^^ not a field of Person",
      "4 |   last : String <- last_name",
    ]);
  });

  it("marks a span on the last line, with and without a final line break", async () => {
    await expect(printCodeFrame(spanOf(source, "}"))).toMatchFileSnapshot(join(dir, "last-line.txt"));
    const withBreak = new Source(`${text}\n`, "mappings/contact.map");
    expect(printCodeFrame(spanOf(withBreak, "}"))).toBe(printCodeFrame(spanOf(source, "}")));
  });

  it("puts one marker at an empty span, even at the end of the text", () => {
    const frame = printCodeFrame({ source, start: text.length, end: text.length });
    expect(frame.split("\n").slice(-2)).toEqual(["5 | }", "  |  ^"]);
  });

  it("lines markers up under tabs by expanding them to stops of 4", async () => {
    const tabs = new Source("object A from B {\n\tid\t:\tID!\t<-\tid\n}", "tabs.map");
    const frame = printCodeFrame(spanOf(tabs, "ID!"));
    await expect(frame).toMatchFileSnapshot(join(dir, "tabs.txt"));
    const [code, marks] = frame.split("\n").slice(3, 5);
    expect(code).not.toContain("\t");
    expect(code!.indexOf("ID!")).toBe(marks!.indexOf("^^^"));
  });

  it("counts columns in characters and lines markers up under emoji and CJK text, two columns wide on a terminal", () => {
    const wide = new Source('object A from B {\n  x : String <- custom "🚀 地域" requird\n}', "wide.map");
    const span = spanOf(wide, "requird");
    expect(wide.locate(span.start)).toEqual({ line: 2, column: 31 });
    const [head, , , code, marks] = printCodeFrame(span).split("\n");
    expect(head).toBe(" --> wide.map:2:31");
    // "🚀", "地" and "域" take two columns each: the markers start 3 columns further right than the characters.
    expect([...code!.slice(0, code!.indexOf("requird"))].length + 3).toBe(marks!.indexOf("^^^^^^^"));
    expect(marks!.endsWith(" ^^^^^^^")).toBe(true);
    const label = spanOf(wide, '"🚀 地域"');
    expect(printCodeFrame(label).split("\n")[4]!.endsWith(` ${"^".repeat(9)}`)).toBe(true);
  });

  it("shows control characters (a binary file's) as a visible mark of the same width, never raw", () => {
    const binary = new Source("\u0000\u0001ab\u007f", "bin.map");
    const frame = printCodeFrame({ source: binary, start: 2, end: 4 });
    expect(frame.split("\n").slice(2, 4)).toEqual(["1 | \uFFFD\uFFFDab\uFFFD", "  |   ^^"]);
  });

  it("marks every line of a multi-line span, from its start to its end", async () => {
    const span = { source, start: text.indexOf("id :"), end: text.indexOf("frist_name") + 5 };
    await expect(printCodeFrame(span, { message: "these two" })).toMatchFileSnapshot(join(dir, "multi-line.txt"));
  });

  it("shows the first and last two lines of a long span", async () => {
    const long = new Source(Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join("\n"), "long.map");
    const span = { source: long, start: long.body.indexOf("line 2"), end: long.body.indexOf("line 10") + 7 };
    await expect(printCodeFrame(span)).toMatchFileSnapshot(join(dir, "long-span.txt"));
  });

  it("widens the gutter for the largest line number shown", async () => {
    const big = new Source(Array.from({ length: 120 }, (_, i) => `  f${i + 1} : String <- x`).join("\n"), "big.map");
    const frame = printCodeFrame(spanOf(big, "f100 "));
    await expect(frame).toMatchFileSnapshot(join(dir, "gutter-width.txt"));
    expect(frame.split("\n")[2]).toBe(" 99 |   f99 : String <- x");
  });

  it("colours only when asked", () => {
    const plain = printCodeFrame(spanOf(source, "frist_name"));
    const coloured = printCodeFrame(spanOf(source, "frist_name"), { color: true });
    expect(plain).not.toContain("\x1b[");
    expect(coloured).toContain("\x1b[1;31m^^^^^^^^^^\x1b[0m");
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, "")).toBe(plain);
  });

  it("uses '-' markers for a secondary span", () => {
    expect(printCodeFrame(spanOf(source, "Person"), { marker: "-", message: "the entity" })).toContain("                    ------ the entity");
  });
});
