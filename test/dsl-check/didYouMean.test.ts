import { describe, expect, it } from "vitest";
import { didYouMean, suggestionList } from "../../dsl/didYouMean.ts";

describe("didYouMean", () => {
  it("suggests close names, closest first, counting a transposition as one edit", () => {
    expect(didYouMean("frist_name", ["first_name", "last_name", "name"])).toBe("did you mean 'first_name' or 'last_name'?");
    expect(suggestionList("active", ["active_flag", "is_admin"])).toEqual(["active_flag"]);
    expect(suggestionList("nmae", ["name", "game", "zzzz"])).toEqual(["name", "game"]);
  });
  it("offers at most five names and nothing for a far-off name", () => {
    expect(suggestionList("ab", ["aa", "ab1", "ac", "ad", "ae", "af", "ag"])).toHaveLength(5);
    expect(didYouMean("zzzzzz", ["first_name"])).toBeUndefined();
  });
  it("joins several names with 'or' and quotes as asked", () => {
    expect(didYouMean("Lead", ["Lead Source", "Leads"], '"')).toBe('did you mean "Leads" or "Lead Source"?');
  });
});
