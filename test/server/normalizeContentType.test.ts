import { describe, expect, it } from "vitest";
import { normalizeContentType } from "../../src/server/normalizeContentType.ts";

describe("normalizeContentType", () => {
  it("lowercases the media type and tidies the separators, keeping parameter values as sent", () => {
    expect(normalizeContentType("Application/JSON")).toBe("application/json");
    expect(normalizeContentType("application/json ; charset=UTF-8")).toBe("application/json; charset=UTF-8");
    expect(normalizeContentType("multipart/form-data;boundary=AbC")).toBe("multipart/form-data; boundary=AbC");
    expect(normalizeContentType("application/json;")).toBe("application/json");
  });
});
