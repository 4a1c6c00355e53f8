import { describe, expect, it } from "vitest";
import { diagnose, shippedMappings } from "./support.ts";

// One mistake in the shipped mappings, made the way an integration engineer makes it: what `check` reports.
function withMistake(file: string, from: string | RegExp, to: string) {
  const files = shippedMappings();
  const before = files[file]!;
  files[file] = before.replace(from, to);
  if (files[file] === before) throw new Error(`test setup: '${String(from)}' not in ${file}`);
  return diagnose(files);
}

describe("one mistake, one diagnostic: no follow-on errors in the files checked together", () => {
  it("a misspelt 'object' keeps the declaration: relations to Owner elsewhere do not become MAP107", () => {
    const { list } = withMistake("owner.map", "object Owner from User", "objekt Owner from User");
    expect(list).toEqual([
      {
        code: "MAP003", severity: "error", message: "Expected 'object' or 'enum' to start a declaration, found 'objekt'.", hint: "did you mean 'object'?",
        labels: [{ at: "owner.map:3:1", text: "objekt", message: undefined }],
      },
    ]);
  });

  it("a misspelt 'enum' keeps the enum: the fields typed by it do not become MAP106", () => {
    const { codes, list } = withMistake("contact.map", "enum LeadSource from", "Enum LeadSource from");
    expect(codes).toEqual(["MAP003"]);
    expect(list[0]!.hint).toBe("did you mean 'enum'?");
  });

  it("a misnamed object is MAP100 once, not MAP107 at every relation to it and MAP128 at every enum bound to it", () => {
    const { list } = withMistake("contact.map", "object Contact from Person", "object Contacts from Person");
    expect(list.map((d) => [d.code, d.labels[0]!.at, d.hint])).toEqual([["MAP100", "contact.map:2:8", "did you mean 'Contact'?"]]);
  });

  it("an object and entity written in lower case are MAP100 and MAP101, not also MAP107 at every relation to Owner", () => {
    const { list } = withMistake("owner.map", "object Owner from User", "object owner from user");
    expect(list.map((d) => [d.code, d.hint])).toEqual([["MAP100", "did you mean 'Owner'?"], ["MAP101", "did you mean 'User'?"]]);
  });

  it("a broken enum header is one error: its members are not then reported as stray text", () => {
    const { list } = withMistake("contact.map", 'enum LeadSource from Contact.custom "Lead Source"', 'enum LeadSource from Contact."Lead Source"');
    expect(list.map((d) => [d.code, d.hint])).toEqual([["MAP003", 'an enum declaration reads: enum LeadSource from Contact.custom "Lead Source" {']]);
    expect(withMistake("activity.map", 'Call     = "call"', "Call     = call").list.map((d) => d.hint)).toEqual(['quote the value: = "call"']);
  });

  it("an object named after its entity is told which Bedrock object the entity is", () => {
    const { list } = withMistake("contact.map", "object Contact from Person", "object Person from Person");
    expect(list.map((d) => [d.code, d.hint])).toEqual([["MAP100", "Person is exposed as 'Contact': write `object Contact from Person`"]]);
  });

  it("a misspelt source of a required field is MAP103 with the key suggested, not also MAP110 'not mapped'", () => {
    const { list } = withMistake("contact.map", "<- first_name", "<- frist_name");
    expect(list.map((d) => [d.code, d.labels[0]!.text, d.hint])).toEqual([["MAP103", "frist_name", "did you mean 'first_name' or 'last_name'?"]]);
  });

  it("a misspelt 'allow' is the syntax error only, not MAP114 'never writes it' on every required field", () => {
    const { list } = withMistake("activity.map", "  allow read, create", "  alow read, create");
    expect(list.map((d) => [d.code, d.hint])).toEqual([["MAP003", "did you mean 'allow'?"]]);
  });

  it("`where done = \"true\"` is MAP125 only: not also MAP126 (no done filter) nor MAP132 on the close time it guarantees", () => {
    const { list } = withMistake("activity.map", "where done = true", 'where done = "true"');
    expect(list.map((d) => [d.code, d.labels[0]!.text])).toEqual([["MAP125", '"true"']]);
    // `where done = false` is a real filter, on the wrong value: MAP126 says so.
    expect(withMistake("activity.map", "where done = true", "where done = false").codes).toContain("MAP126");
  });

  it("syntax slips common in other languages are one error each, and the declaration around them is still checked", () => {
    const cases: [string, string, string, string, string][] = [
      ["owner.map", "object Owner from User {", "object Owner from User\n{", "MAP003", "put the '{' on the same line as the declaration"],
      ["contact.map", "# an existing Pipedrive user's exact id", "// an existing Pipedrive user's exact id", "MAP001", "comments start with '#': # …"],
      ["contact.map", "allow read, create, update", "allow read and create", "MAP003", "separate names with ',', as in allow read, create"],
      ["contact.map", "allow read, create, update", "allow read create update", "MAP003", "separate the operations with ',', as in allow read, create, update"],
      ["activity.map", "dedupe by contact, doneAt", "dedupe by contact doneAt", "MAP003", "separate the key's fields with ',', as in dedupe by contact, doneAt"],
      ["contact.map", "dedupe by email", "dedupe email", "MAP003", "write 'dedupe by', as in dedupe by email"],
      ["contact.map", "<- first_name", " first_name", "MAP003", "a field takes its source after '<-': name : Type <- source"],
      ["owner.map", "active : Boolean <- active_flag\n}", "active : Boolean <- active_flag\n}\n}", "MAP003", "this '}' closes no block: remove it"],
    ];
    for (const [file, from, to, code, hint] of cases) {
      const { list } = withMistake(file, from, to);
      expect({ to, found: list.map((d) => [d.code, d.hint]) }).toEqual({ to, found: [[code, hint]] });
    }
  });

  it("`allow Read, Create` is MAP111 only: the operations count as meant, so required fields are not 'never written'", () => {
    const { list } = withMistake("contact.map", "allow read, create, update", "allow Read, Create, update");
    expect(list.map((d) => [d.code, d.labels[0]!.text])).toEqual([["MAP111", "Read"], ["MAP111", "Create"]]);
  });

  it("`where finished = true` on an Activity is MAP124 only, not also MAP126 and MAP132", () => {
    const { list } = withMistake("activity.map", "where done = true", "where finished = true");
    expect(list.map((d) => [d.code, d.hint])).toEqual([["MAP124", "filter on a built-in field of the entity, e.g. `where done = true`"]]);
  });

  it("an enum named like an object is MAP119; the object's relations stay relations (no MAP109/MAP103 in every file)", () => {
    const { codes } = withMistake("contact.map", "enum Interest from", "enum Company from");
    expect(codes.filter((c) => c !== "MAP106")).toEqual(["MAP119"]);
  });

  it("a relation typed by a wrong type is MAP109 only, not also MAP103 for the related field read through it", () => {
    const { list } = withMistake("contact.map", "company        : Company     <- org_id", "company        : LeadSource  <- org_id");
    expect(list.map((d) => [d.code, d.hint])).toEqual([["MAP109", "declare it as Company or ID"]]);
  });

  it("while a file has syntax errors, other files do not report what those errors broke in it", () => {
    const cases: [string, string, string, string[]][] = [
      // The declaration is lost to stray text: no MAP107 for Contact, nor MAP128 for its enums.
      ["contact.map", "object Contact from Person {", "String object Contact from Person {", ["MAP003"]],
      // Owner.name is cut short: no MAP109/MAP108 at every `owner.name` elsewhere.
      ["owner.map", "name   : String! <- name", "name   : [String! <- name", ["MAP003"]],
      ["owner.map", "name   : String! <- name", "name   : String! <-", ["MAP003"]],
      // A where clause cut short: not also MAP126 (no done filter) and MAP132 (nothing it guarantees).
      ["activity.map", "where done = true", "where [ done = true", ["MAP003"]],
      // Two members run together on one line: the second is lost, so no "not mapped", "no such field" or missing filter for it.
      ["activity.map", "<- type\n  contact", "<- type  contact", ["MAP003"]],
      ["activity.map", "allow read, create\n  where done = true", "allow read, create  where done = true", ["MAP003"]],
      // A comment that lost its '#': its words are one error, not one per stray character.
      ["company.map", "readonly  # to-many: query contacts { name }", "readonly  to-many: query contacts", ["MAP003"]],
    ];
    for (const [file, from, to, codes] of cases) expect({ to, codes: withMistake(file, from, to).codes }).toEqual({ to, codes });
  });

  it("a misspelt operation is MAP111 only, not also MAP114 'never writes it' on the required fields", () => {
    expect(withMistake("activity.map", "allow read, create", "allow read, craete").codes).toEqual(["MAP111"]);
  });

  it("a related field reading a field whose own type is unknown is not also MAP109", () => {
    expect(withMistake("owner.map", "name   : String! <- name", "name   : Strin! <- name").codes).toEqual(["MAP106"]);
  });

  it("a whole labeled list (`<- emails`) is MAP109 only, pointing at the writable part, not also MAP113", () => {
    const { list } = withMistake("contact.map", "<- emails[primary].value", "<- emails");
    expect(list.map((d) => [d.code, d.hint])).toEqual([["MAP109", "declare it as a path to one of its parts, e.g. emails[primary].value"]]);
  });
});

describe("hints that show the fix", () => {
  it("a Pipedrive relation key read like a relation field (`org_id.name`) is pointed at the Bedrock relation field", () => {
    const { list } = withMistake("contact.map", "<- company.name", "<- org_id.name");
    expect(list.map((d) => [d.code, d.labels[0]!.text, d.hint])).toEqual([["MAP104", "name", "read the related object's fields through the relation field: `company.name`"]]);
    const files = shippedMappings();
    files["contact.map"] = files["contact.map"]!.replace(/\n {2}company .*\n/, "\n").replace(/\n {2}companyName .*\n/, "\n  companyName    : String      <- org_id.name   readonly\n");
    expect(diagnose(files).list.filter((d) => d.code === "MAP104").map((d) => d.hint)).toEqual(["declare the relation first (`name : <Object> <- org_id`), then read `name.name`"]);
  });

  it("a String default on an enum custom field must be one of its option labels (MAP129)", () => {
    const { list } = withMistake("contact.map", 'leadSource     : LeadSource  <- custom "Lead Source"', 'leadSource     : String      <- custom "Lead Source"  default "Webb"');
    expect(list.map((d) => [d.code, d.message, d.hint])).toEqual([["MAP129", "Default \"Webb\" of 'leadSource' is not an option of custom field \"Lead Source\".", 'did you mean "Web"?']]);
    expect(withMistake("contact.map", 'leadSource     : LeadSource  <- custom "Lead Source"', 'leadSource     : String      <- custom "Lead Source"  default "cold call"').list).toEqual([]);
  });

  it("a relation field declared with a wrong scalar is offered the related object first", () => {
    const { list } = withMistake("contact.map", "accountManager : Owner ", "accountManager : Int   ");
    expect(list.map((d) => [d.code, d.hint])).toEqual([["MAP109", "declare it as Owner or ID"]]);
  });

  it("an object without `allow` whose fields say `required` is told both fixes: drop required, or allow the writes", () => {
    const { list } = withMistake("contact.map", "  allow read, create, update\n", "");
    expect(list.map((d) => [d.code, d.labels[0]!.text, d.hint])).toEqual([
      ["MAP114", "required", "remove 'required', or let 'Contact' write: allow read, create, update"],
      ["MAP114", "required", "remove 'required', or let 'Contact' write: allow read, create, update"],
    ]);
  });

  it("a where clause whose value is missing is the syntax error only, not also MAP132 on what it would guarantee", () => {
    const { list } = withMistake("activity.map", "where done = true", "where done =");
    expect(list.map((d) => [d.code, d.hint])).toEqual([["MAP003", "compare with a value, as in where done = true"]]);
  });

  it("a part picked from a custom field is told that custom fields are mapped whole", () => {
    const { list } = withMistake("contact.map", 'lifetimeValue  : Money       <- custom "Lifetime Value"', 'lifetimeValue  : Float       <- custom "Lifetime Value".value');
    expect(list.map((d) => [d.code, d.labels[0]!.text, d.hint])).toEqual([["MAP003", ".", 'a custom field is mapped whole (custom "Label"), its parts cannot be picked: a monetary one as Money, an address as Address']]);
  });

  it("a Date, DateTime or Time default in another format is MAP129, as the gateway sends defaults unchecked", () => {
    const { list } = withMistake("contact.map", 'customerSince  : Date        <- custom "Customer Since"', 'customerSince  : Date        <- custom "Customer Since"  default "01/02/2024"');
    expect(list.map((d) => [d.code, d.message, d.hint])).toEqual([["MAP129", "Default \"01/02/2024\" of 'customerSince' is not a calendar date YYYY-MM-DD.", 'write e.g. default "2026-03-01"']]);
    expect(withMistake("contact.map", 'customerSince  : Date        <- custom "Customer Since"', 'customerSince  : Date        <- custom "Customer Since"  default "2024-02-01"').list).toEqual([]);
    expect(withMistake("opportunity.map", 'kickoffTime       : Time          <- custom "Kickoff Time"', 'kickoffTime       : Time          <- custom "Kickoff Time"  default "9am"').codes).toEqual(["MAP129"]);
    // In the form but no real day or time: the gateway's Date and DateTime refuse these from callers too.
    expect(withMistake("contact.map", 'customerSince  : Date        <- custom "Customer Since"', 'customerSince  : Date        <- custom "Customer Since"  default "2026-02-30"').codes).toEqual(["MAP129"]);
    expect(withMistake("activity.map", "doneAt          : DateTime!    <- marked_as_done_time  required", 'doneAt          : DateTime!    <- marked_as_done_time  required default "2026-13-01T09:30:00Z"').codes).toEqual(["MAP129"]);
    expect(withMistake("activity.map", "doneAt          : DateTime!    <- marked_as_done_time  required", 'doneAt          : DateTime!    <- marked_as_done_time  required default "2026-03-01T29:30:00Z"').codes).toEqual(["MAP129"]);
    expect(withMistake("activity.map", "doneAt          : DateTime!    <- marked_as_done_time  required", 'doneAt          : DateTime!    <- marked_as_done_time  required default "2024-02-29T09:30:00+02:00"').list).toEqual([]);
  });

  it("`dedupe by` a field a create cannot be given (readonly, related) is MAP123: such a dedupe never matches", () => {
    const { list } = withMistake("contact.map", "dedupe by email", "dedupe by companyName");
    expect(list.map((d) => [d.code, d.labels.map((l) => [l.text, l.message])])).toEqual([["MAP123", [["companyName", "not given on create"], ["companyName", "readonly"]]]]);
  });

  it("an enum bound to a set field but declared without the list is told the list type", () => {
    const { list } = withMistake("contact.map", "interests      : [Interest!]", "interests      : Interest   ");
    expect(list.map((d) => [d.code, d.hint])).toEqual([["MAP109", "declare it as [Interest!]"]]);
  });
});

describe("what must still be reported, exactly where it is", () => {
  it("still reports MAP107 and MAP110 when nothing stands in for the missing object or field", () => {
    const files = shippedMappings();
    delete files["owner.map"];
    expect(new Set(diagnose(files).codes)).toEqual(new Set(["MAP107"]));
    const { codes } = withMistake("contact.map", /\n {2}firstName .*\n/, "\n  firstName      : String      <- job_title\n");
    expect(codes).toEqual(["MAP110"]);
  });

  it("points at the right character after accented, emoji and CJK text on the same line", () => {
    const owner = "object Owner from User {\n  id   : ID!     <- id\n  name : String! <- name\n  café : String <- email\n  x : String <- custom \"🚀 地域\" requird\n}\n";
    const { list } = diagnose({ ...shippedMappings(), "owner.map": owner });
    expect(list.map((d) => [d.code, d.labels[0]!.at, d.labels[0]!.text, d.hint])).toEqual([
      ["MAP001", "owner.map:4:6", "é", "names are ASCII letters, digits and '_' (prenom); a custom field's label, in any script, is written in quotes: custom \"Prénom\""],
      ["MAP003", "owner.map:5:31", "requird", "did you mean 'required'?"],
    ]);
  });
});
