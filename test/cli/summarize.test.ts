import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../dsl/diagnostic.ts";
import { Source } from "../../dsl/source.ts";
import { summarize, useColor } from "../../src/cli/summarize.ts";

const source = new Source("x", "a.map");
const d = (severity: Diagnostic["severity"]): Diagnostic => ({ code: "MAP100", severity, message: "m.", labels: [{ span: { source, start: 0, end: 1 } }] });

describe("summarize", () => {
  it("counts errors and warnings with singular and plural words", () => {
    expect(summarize([d("error"), d("error"), d("warning")], 5)).toBe("2 errors, 1 warning in 5 files");
    expect(summarize([d("warning"), d("error")], 1)).toBe("1 error, 1 warning in 1 file");
    expect(summarize([], 0)).toBe("0 errors, 0 warnings in 0 files");
  });
});

describe("useColor", () => {
  it("colours only a terminal, and never when NO_COLOR is set", () => {
    const saved = process.env.NO_COLOR;
    try {
      delete process.env.NO_COLOR;
      expect(useColor({ isTTY: true } as NodeJS.WriteStream)).toBe(true);
      expect(useColor({ isTTY: false } as NodeJS.WriteStream)).toBe(false);
      process.env.NO_COLOR = "1";
      expect(useColor({ isTTY: true } as NodeJS.WriteStream)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });
});
