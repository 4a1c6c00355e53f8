import { describe, expect, it } from "vitest";
import { sortAcceptByQuality } from "../../src/server/sortAcceptByQuality.ts";

describe("sortAcceptByQuality", () => {
  it("puts the highest quality first, keeping the listed order among equals", () => {
    expect(sortAcceptByQuality("application/json;q=0.9, application/graphql-response+json")).toBe("application/graphql-response+json, application/json;q=0.9");
    expect(sortAcceptByQuality("text/a;q=0.5,text/b,text/c;q=0.5,text/d;q=1")).toBe("text/b, text/d;q=1, text/a;q=0.5, text/c;q=0.5");
  });

  it("drops ranges refused with q=0 and reads an unreadable q as 1", () => {
    expect(sortAcceptByQuality("application/json, application/graphql-response+json;q=0")).toBe("application/json");
    expect(sortAcceptByQuality("text/a;q=0.2, text/b;q=high")).toBe("text/b;q=high, text/a;q=0.2");
  });

  it("leaves a header without q exactly as sent", () => {
    const header = "application/graphql-response+json,  application/json; charset=utf-8";
    expect(sortAcceptByQuality(header)).toBe(header);
  });
});
