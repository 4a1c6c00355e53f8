import { describe, expect, it } from "vitest";
import type { FieldDecl, ObjectDecl } from "../../dsl/ast.ts";
import { parse } from "../../dsl/parse.ts";
import { Source } from "../../dsl/source.ts";
import { withoutSpans } from "./astToJson.ts";

const run = (text: string) => parse(new Source(text, "t.map"));
const messages = (text: string): string[] => run(text).diagnostics.map((d) => d.message);
const firstObject = (text: string): ObjectDecl => run(text).ast.declarations[0] as ObjectDecl;

describe("parse", () => {
  it("builds the tree of a field with every part, each with its own span", () => {
    const text = 'object Contact from Person {\n  email : [String!]! <- emails[primary].value readonly default "x"\n}';
    const { ast, diagnostics } = run(text);
    expect(diagnostics).toEqual([]);
    const field = (ast.declarations[0] as ObjectDecl).members[0] as FieldDecl;
    const at = (node: { span: { start: number; end: number } } | undefined): string => (node ? text.slice(node.span.start, node.span.end) : "?");
    expect(at(field)).toBe('email : [String!]! <- emails[primary].value readonly default "x"');
    expect(at(field.type)).toBe("[String!]!");
    expect(at(field.source)).toBe("emails[primary].value");
    expect(field.type).toMatchObject({ list: true, itemNonNull: true, nonNull: true, name: { value: "String" } });
    expect(withoutSpans(field.source)).toEqual({
      kind: "Path",
      segments: [
        { kind: "PathSegment", name: { kind: "Name", value: "emails" }, selector: { kind: "Name", value: "primary" } },
        { kind: "PathSegment", name: { kind: "Name", value: "value" } },
      ],
    });
    expect(field.modifiers.map((m) => [m.name, at(m)])).toEqual([["readonly", "readonly"], ["default", 'default "x"']]);
  });

  it("says what it expected, after what, and what it found", () => {
    expect(messages("object C from Person {\n  email <- emails\n}")).toEqual(["Expected ':' after field name 'email', found '<-'."]);
    expect(messages("object C from Person {\n  email : String\n}")).toEqual(["Expected '<-' after 'String', found end of line."]);
    expect(messages("object C from Person {\n  a : B <- c\n")).toEqual(["Expected '}', found end of file."]);
    expect(messages("object C Person {}")).toEqual(["Expected 'from' after 'C', found 'Person'."]);
  });

  it("points a missing '}' back at the '{' left open", () => {
    const text = "object C from Person {\n  a : B <- c\n";
    const [d] = run(text).diagnostics;
    expect(d?.labels.map((l) => [l.span.start, l.span.end, l.message])).toEqual([
      [text.indexOf("c\n") + 1, text.indexOf("c\n") + 1, undefined],
      [text.indexOf("{"), text.indexOf("{") + 1, "this '{' is not closed"],
    ]);
  });

  it("gives each diagnostic a stable code and, where it helps, a hint", () => {
    const [d] = run("object C from Person {\n  a : B = c\n}").diagnostics;
    expect(d).toMatchObject({ code: "MAP003", severity: "error", hint: "a field takes its source with '<-': name : Type <- source" });
    expect(run('object C from Person {\n  a : B <- custom "x\n}').diagnostics.map((x) => x.code)).toEqual(["MAP002"]);
    expect(run("object C from Person {\n  a : B <- c;\n}").diagnostics.map((x) => [x.code, x.hint])).toEqual([
      ["MAP001", "members are separated by newlines; remove the ';'"],
    ]);
  });

  it("suggests the keyword a misspelt word was meant to be", () => {
    const hints = (text: string): (string | undefined)[] => run(text).diagnostics.map((d) => d.hint);
    expect(hints("object C from Person {\n  alow read\n}")).toEqual(["did you mean 'allow'?"]);
    expect(hints("object C from Person {\n  a : B <- c requird\n}")).toEqual(["did you mean 'required'?"]);
    expect(hints("enm E from C.kind { A }")).toEqual(["did you mean 'enum'?"]);
    expect(hints("object C from Person {\n  email String <- x\n}")).toEqual(["a field is written 'name : Type <- source', on one line"]);
  });

  it("reads a single-quoted string as a string, reporting only the quotes", () => {
    const { ast, diagnostics } = run("object C from Person {\n  a : B <- c default 'Web'\n}");
    expect(diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([["MAP007", "Strings are written in double quotes, found 'Web'.", 'write "Web"']]);
    expect((ast.declarations[0] as ObjectDecl).members[0]).toMatchObject({ modifiers: [{ name: "default", value: { kind: "StringLiteral", value: "Web" } }] });
  });

  it("shows control characters in a message escaped, not raw", () => {
    expect(messages("object C from Person {\u0007}")).toEqual(["Unexpected character '\\u{7}'."]);
    expect(messages("object C from Person {\u0000\u0001}")).toEqual(["Unexpected characters '\\u{0}\\u{1}'."]);
  });

  it("keeps a partial tree where recovery could: later members and declarations are still there", () => {
    const { ast, diagnostics } = run("object C from Person {\n  a : B <-\n  d : E <- f\n}\nenum K from C.kind { X }\n");
    expect(diagnostics).toHaveLength(1);
    const obj = ast.declarations[0] as ObjectDecl;
    const [broken, fine] = obj.members as FieldDecl[];
    expect(broken?.name?.value).toBe("a");
    expect(broken?.type?.name?.value).toBe("B");
    expect(broken?.source).toBeUndefined();
    expect(fine?.source).toMatchObject({ kind: "Path", segments: [{ name: { value: "f" } }] });
    expect(ast.declarations.map((d) => d.kind)).toEqual(["ObjectDecl", "EnumDecl"]);
  });

  it("a name left out is undefined, not invented by recovery", () => {
    const obj = firstObject("object from Person {\n}");
    expect(obj.name).toBeUndefined();
    expect(obj.source?.value).toBe("Person");
  });

  it("restarts at the next declaration after stray text at the top level, reporting it once", () => {
    const { ast, diagnostics } = run("model A from B {\n  x : Y <- z\n}\nobject C from D {\n  allow read\n}\n");
    expect(diagnostics.map((d) => d.message)).toEqual(["Expected 'object' or 'enum' to start a declaration, found 'model'."]);
    expect(diagnostics[0]?.hint).toBe("a .map file holds only 'object … from … { … }' and 'enum … from … { … }' declarations");
    expect(ast.declarations.map((d) => d.name?.value)).toEqual(["C"]);
  });

  it("points at the same line and column in a CRLF file as in its LF twin, at the end of a line too", () => {
    const lf = 'object Owner from User {\n  id : ID <-\n  email : String <- custom "abc\n  name : String <- name\n}\n';
    const positions = (text: string) => {
      const source = new Source(text, "p.map");
      return parse(source).diagnostics.map((d) => [d.code, source.locate(d.labels[0].span.start), source.locate(d.labels[0].span.end)]);
    };
    expect(positions(lf)).toEqual([
      ["MAP003", { line: 2, column: 13 }, { line: 2, column: 13 }],
      ["MAP002", { line: 3, column: 28 }, { line: 3, column: 32 }],
    ]);
    expect(positions(lf.replace(/\n/g, "\r\n"))).toEqual(positions(lf));
  });

  it("points at the end of the header line for a '{' on the next line, in a CRLF file as in its LF twin", () => {
    const lf = "object Owner from User\n{\n  id : ID <- id\n}\n";
    const positions = (text: string) => {
      const source = new Source(text, "p.map");
      return parse(source).diagnostics.map((d) => [d.code, source.locate(d.labels[0].span.start), source.locate(d.labels[0].span.end)]);
    };
    expect(positions(lf)).toEqual([["MAP003", { line: 1, column: 23 }, { line: 1, column: 23 }]]);
    expect(positions(lf.replace(/\n/g, "\r\n"))).toEqual(positions(lf));
  });

  it("reads a misspelt 'object' or 'enum' before 'Name from' as the keyword, so the declaration is not lost", () => {
    const { ast, diagnostics } = run("objet A from B {\n  x : Y <- z\n}\nEnum E from A.type { X }\nobjects C from D {}\n");
    expect(diagnostics.map((d) => [d.message, d.hint, d.labels[0].span.start, d.labels[0].span.end])).toEqual([
      ["Expected 'object' or 'enum' to start a declaration, found 'objet'.", "did you mean 'object'?", 0, 5],
      ["Expected 'object' or 'enum' to start a declaration, found 'Enum'.", "did you mean 'enum'?", 32, 36],
      ["Expected 'object' or 'enum' to start a declaration, found 'objects'.", "did you mean 'object'?", 57, 64],
    ]);
    expect(ast.declarations.map((d) => [d.kind, d.name?.value])).toEqual([["ObjectDecl", "A"], ["EnumDecl", "E"], ["ObjectDecl", "C"]]);
    // Only where a declaration plainly starts: a word in a block or before anything but `Name from` stays an error.
    expect(run("object A from B {\n  objet x from y\n}\n").ast.declarations).toHaveLength(1);
    expect(run("objet A {\n}\n").ast.declarations).toHaveLength(0);
  });

  it("accepts keywords as names after a '.' and in selectors, and reports a field named by a keyword", () => {
    const obj = firstObject("object C from Person {\n  a : B <- owner.custom\n  b : B <- emails[default].value\n}");
    expect(obj.members.map((m) => withoutSpans((m as FieldDecl).source))).toEqual([
      { kind: "Path", segments: [{ kind: "PathSegment", name: { kind: "Name", value: "owner" } }, { kind: "PathSegment", name: { kind: "Name", value: "custom" } }] },
      {
        kind: "Path",
        segments: [
          { kind: "PathSegment", name: { kind: "Name", value: "emails" }, selector: { kind: "Name", value: "default" } },
          { kind: "PathSegment", name: { kind: "Name", value: "value" } },
        ],
      },
    ]);
    const d = run("object C from Person {\n  default : String <- x\n}").diagnostics;
    expect(d.map((x) => [x.code, x.message])).toEqual([["MAP006", "'default' is a keyword and cannot name a field."]]);
  });

  it("unescapes strings and reads numbers", () => {
    const obj = firstObject('object C from Person {\n  where a = -2.5e1\n  b : S <- b default "q\\"\\\\\\n"\n}');
    expect(withoutSpans(obj.members[0])).toMatchObject({ value: { kind: "NumberLiteral", value: -25 } });
    expect((obj.members[1] as FieldDecl).modifiers[0]?.value).toMatchObject({ kind: "StringLiteral", value: 'q"\\\n' });
  });

  it("parses CRLF text and a byte-order mark the same as plain LF text", () => {
    const lf = "object C from Person {\n  allow read\n  a : B <- c  # note\n}\n";
    const crlf = `\uFEFF${lf.replace(/\n/g, "\r\n")}`;
    expect(run(crlf).diagnostics).toEqual([]);
    expect(withoutSpans(run(crlf).ast.declarations)).toEqual(withoutSpans(run(lf).ast.declarations));
    expect(run(crlf).ast.comments.map((c) => c.text)).toEqual([" note"]);
  });

  it("marks comments as trailing only when code precedes them on their line", () => {
    const { ast } = run("# own\nobject C from Person { # after brace\n  # inside\n}\n");
    expect(ast.comments.map((c) => [c.text, c.trailing])).toEqual([[" own", false], [" after brace", true], [" inside", false]]);
  });

  it("rejects two members on one line, since members are separated by newlines", () => {
    expect(messages("object C from Person {\n  allow read dedupe by id\n}")).toEqual(["Expected end of line or '}' after 'read', found 'dedupe'."]);
  });

  it("never throws and keeps every span inside the text on degenerate input", () => {
    const inputs = ["", "{", "}", '"', "#", "object", "enum", "object A from B {", "[[[[", "\u0000\u0001", "<-<-<-", "a".repeat(5000), "object A from B { a : [ <- ] }"];
    for (const text of inputs) {
      const { diagnostics } = run(text);
      for (const d of diagnostics) {
        for (const l of d.labels) {
          expect(l.span.start).toBeGreaterThanOrEqual(0);
          expect(l.span.end).toBeGreaterThanOrEqual(l.span.start);
          expect(l.span.end).toBeLessThanOrEqual(text.length);
        }
      }
    }
  });

  it("stops after 100 syntax errors and says where, instead of overflowing the stack on garbage", () => {
    const pieces = ["{", "}", ":", "<-", "object", "enum", "from", "a", "=", "\n", "[", ";"];
    const garbage = Array.from({ length: 60_000 }, (_, i) => pieces[(i * 7919) % pieces.length]).join(" ");
    const { diagnostics } = run(garbage);
    expect(diagnostics.length).toBeLessThanOrEqual(101);
    expect(diagnostics.at(-1)?.code).toBe("MAP008");

    const lines = `object C from Person {\n${"  a b c\n".repeat(5000)}}\n`;
    const result = run(lines);
    const last = result.diagnostics.at(-1)!;
    expect(last.message).toMatch(/^Too many syntax errors: reading stopped at line \d+\.$/);
    expect(result.diagnostics.slice(0, -1).every((d) => d.code === "MAP003" && d.labels[0].span.start < last.labels[0].span.start)).toBe(true);
    expect(result.ast.declarations).toHaveLength(1);
  });

  it("lists diagnostics in text order", () => {
    const starts = run("object C from Person {\n  a : B = c\n  d ; e\n  f : G <- h[1.5]\n}\n§").diagnostics.map((d) => d.labels[0].span.start);
    expect(starts.length).toBeGreaterThanOrEqual(4);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it("parses a 2,000-field file in well under 100 ms", () => {
    const lines = ["object Big from Person {", "  allow read, create"];
    for (let i = 0; i < 2000; i++) lines.push(`  field${i} : String! <- emails[primary].value${i} required  # c${i}`);
    const source = new Source(`${lines.join("\n")}\n}\n`, "big.map");
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      const cpu = process.cpuUsage();
      const { ast, diagnostics } = parse(source);
      const used = process.cpuUsage(cpu);
      times.push((used.user + used.system) / 1000);
      expect(diagnostics).toEqual([]);
      expect((ast.declarations[0] as ObjectDecl).members).toHaveLength(2001);
    }
    // CPU time, not wall time, so other processes on the machine do not count; the first runs warm the JIT up.
    expect(Math.min(...times.slice(3))).toBeLessThan(100);
  });
});
