/** ApiKeyVerifier: one hash lookup per new key, a remembered principal for a key seen before, unknown keys never remembered. */
import { describe, expect, it } from "vitest";
import { ApiKeyVerifier } from "../../src/auth/ApiKeyVerifier.ts";
import { hashApiKey } from "../../src/auth/hashApiKey.ts";

const verifier = () =>
  new ApiKeyVerifier([
    { name: "reader", sha256: hashApiKey("key-reader"), scopes: ["*:read"] },
    { name: "writer", sha256: hashApiKey("key-writer").toUpperCase(), scopes: ["contact:create"] },
  ]);

describe("ApiKeyVerifier", () => {
  it("finds each configured key's app, by Bearer or x-api-key, also on repeated requests", () => {
    const v = verifier();
    for (let i = 0; i < 3; i++) {
      expect(v.verify(new Headers({ authorization: "Bearer key-reader" }))).toEqual({ kind: "ok", principal: { name: "reader", scopes: ["*:read"] } });
      expect(v.verify(new Headers({ "x-api-key": " key-writer " }))).toEqual({ kind: "ok", principal: { name: "writer", scopes: ["contact:create"] } });
    }
    expect(v.size).toBe(2);
  });

  it("answers missing without a key and unknown for a wrong key, every time", () => {
    const v = verifier();
    expect(v.verify(new Headers())).toEqual({ kind: "missing" });
    expect(v.verify(new Headers({ authorization: "Basic a2V5LXJlYWRlcg==" }))).toEqual({ kind: "missing" });
    for (let i = 0; i < 3; i++) expect(v.verify(new Headers({ authorization: "Bearer key-reader-x" }))).toEqual({ kind: "unknown" });
    expect(v.verify(new Headers({ authorization: "Bearer KEY-READER" }))).toEqual({ kind: "unknown" });
  });

  it("gives out principals that cannot be altered for later requests", () => {
    const v = verifier();
    const first = v.verify(new Headers({ authorization: "Bearer key-reader" }));
    expect(() => ((first as { principal: { name: string } }).principal.name = "admin")).toThrow(TypeError);
    expect(v.verify(new Headers({ authorization: "Bearer key-reader" }))).toEqual({ kind: "ok", principal: { name: "reader", scopes: ["*:read"] } });
  });
});
