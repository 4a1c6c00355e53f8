import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../dsl/diagnostic.ts";
import { diagnosticToJson, renderDiagnostic } from "../../dsl/renderDiagnostic.ts";
import { Source } from "../../dsl/source.ts";

const dir = join(import.meta.dirname, "../fixtures/codeframe");
const text = "object Contact from Person {\n  firstName : String! <- frist_name\n  email : String <- email\n  email : String <- emails\n}\n";
const source = new Source(text, "mappings/contact.map");
const span = (needle: string, from = 0) => {
  const start = text.indexOf(needle, from);
  return { source, start, end: start + needle.length };
};

const unknownField: Diagnostic = {
  code: "MAP012",
  severity: "error",
  message: "Unknown field 'frist_name' on Person.",
  hint: "did you mean 'first_name'?",
  labels: [{ span: span("frist_name"), message: "not a field of Person" }],
};
const duplicate: Diagnostic = {
  code: "MAP020",
  severity: "warning",
  message: "Field 'email' is declared twice in Contact.",
  labels: [{ span: span("email", text.indexOf("  email : String <- emails")), message: "declared again here" }, { span: span("email"), message: "first declared here" }],
};

describe("renderDiagnostic", () => {
  it("prints the header, the primary frame and the hint", () => {
    expect(renderDiagnostic(unknownField)).toBe(
      [
        "error[MAP012]: Unknown field 'frist_name' on Person.",
        " --> mappings/contact.map:2:26",
        "  |",
        "1 | object Contact from Person {",
        "2 |   firstName : String! <- frist_name",
        "  |                          ^^^^^^^^^^ not a field of Person",
        "3 |   email : String <- email",
        "hint: did you mean 'first_name'?",
      ].join("\n"),
    );
  });

  it("prints a frame for every other label, with '-' markers", async () => {
    await expect(`${renderDiagnostic(duplicate)}\n`).toMatchFileSnapshot(join(dir, "two-labels.txt"));
    expect(renderDiagnostic(duplicate)).toMatch(/^warning\[MAP020\]: /);
    expect(renderDiagnostic(duplicate)).toContain("  |   ----- first declared here");
  });

  it("colours only when asked", () => {
    expect(renderDiagnostic(unknownField)).not.toContain("\x1b[");
    const coloured = renderDiagnostic(unknownField, { color: true });
    expect(coloured).toContain("\x1b[1;31merror[MAP012]\x1b[0m");
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, "")).toBe(renderDiagnostic(unknownField));
  });
});

describe("diagnosticToJson", () => {
  it("gives 1-based positions, the end just after the span, and every label", () => {
    expect(diagnosticToJson(unknownField)).toEqual({
      code: "MAP012",
      severity: "error",
      message: "Unknown field 'frist_name' on Person.",
      hint: "did you mean 'first_name'?",
      file: "mappings/contact.map",
      line: 2,
      column: 26,
      endLine: 2,
      endColumn: 36,
      labels: [{ file: "mappings/contact.map", line: 2, column: 26, endLine: 2, endColumn: 36, message: "not a field of Person" }],
    });
  });

  it("uses null for a missing hint or label message and survives JSON", () => {
    const json = diagnosticToJson({ ...duplicate, labels: [{ span: span("Contact") }] });
    expect(json.hint).toBeNull();
    expect(json.labels).toEqual([{ file: "mappings/contact.map", line: 1, column: 8, endLine: 1, endColumn: 15, message: null }]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
