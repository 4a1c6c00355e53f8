import { describe, expect, it } from "vitest";
import { catalog, CONTACT, diagnose, OWNER, shippedMappings } from "./support.ts";

const o = (body: string, head = "object Owner from User") => `${head} {\n${body}\n}\n`;

describe("KnownObjectsRule (MAP100–MAP102)", () => {
  it("accepts seed objects from their own entity", () => {
    expect(diagnose({ "a.map": OWNER }).list).toEqual([]);
  });
  it("blames an unknown object name, an unknown entity and the wrong entity, with suggestions", () => {
    const { list } = diagnose({
      "a.map": "object Contacts from Person {\n  id : ID <- id\n}\nobject Owner from Usr {\n}\nobject Company from Person {\n  name : String! <- name\n}\n",
    });
    expect(list).toEqual([
      {
        code: "MAP100", severity: "error",
        message: "Unknown Bedrock object 'Contacts'; the seed defines Owner, Contact, Company, Opportunity, Activity.",
        hint: "did you mean 'Contact'?",
        labels: [{ at: "a.map:1:8", text: "Contacts", message: "not a Bedrock object" }],
      },
      {
        code: "MAP101", severity: "error",
        message: "Unknown Pipedrive entity 'Usr'; expected one of User, Person, Organization, Deal, Activity.",
        hint: "did you mean 'User'?",
        labels: [{ at: "a.map:4:19", text: "Usr", message: "not a Pipedrive entity" }],
      },
      {
        code: "MAP102", severity: "error",
        message: "Bedrock object 'Company' maps Pipedrive Organization, not 'Person'.",
        hint: "write `object Company from Organization`",
        labels: [{ at: "a.map:6:21", text: "Person", message: "expected Organization" }],
      },
    ]);
  });
});

describe("KnownPipedriveFieldsRule (MAP103, MAP104)", () => {
  it("accepts built-in keys, labeled-list selectors and parts", () => {
    const contact = "object Contact from Person {\n  allow read\n  firstName : String <- first_name\n  lastName : String <- last_name\n  email : String <- emails[work].value\n  city : String <- postal_address.locality\n}\n";
    expect(diagnose({ "c.map": contact }).list).toEqual([]);
  });
  it("reports an unknown key with did-you-mean, an unknown part and a selector on a plain field", () => {
    const { list } = diagnose({ "a.map": o("  mail : String <- emial\n  active : Boolean <- active_flag.value\n  zone : String <- timezone_name[primary]") });
    expect(list.map((d) => [d.code, d.message, d.hint, d.labels.map((l) => `${l.at} ${l.text}`)])).toEqual([
      ["MAP103", "User has no field 'emial'.", "did you mean 'email'?", ["a.map:2:20 emial"]],
      ["MAP104", "Field 'active_flag' (boolean) has no parts, so 'value' cannot be read from it.", "map the field itself", ["a.map:3:35 value"]],
      ["MAP104", "A selector such as [primary] only picks an item of a labeled list (emails, phones); 'timezone_name' is a varchar field.", "remove the [...] selector", ["a.map:4:34 primary"]],
    ]);
  });
  it("names the parts of a structured field when the part is unknown", () => {
    const { list } = diagnose({ "c.map": CONTACT.replace("}\n", "  city : String <- postal_address.town\n}\n") });
    expect(list).toHaveLength(1);
    expect(list[0]!.code).toBe("MAP104");
    expect(list[0]!.message).toMatch(/^Field 'postal_address' has no part 'town'; its parts are value, country, /);
    expect(list[0]!.labels[0]!.text).toBe("town");
  });
});

describe("KnownCustomFieldsRule (MAP105)", () => {
  it("finds custom fields by exact label", () => {
    expect(diagnose({ "c.map": CONTACT.replace("}\n", '  linkedIn : String <- custom "LinkedIn Profile"\n}\n') }).list).toEqual([]);
  });
  it("reports an unknown label with the closest labels", () => {
    const { list } = diagnose({ "c.map": CONTACT.replace("}\n", '  src : String <- custom "Lead Sources"\n}\n') });
    expect(list).toEqual([{
      code: "MAP105", severity: "error", message: 'Person has no custom field labelled "Lead Sources".', hint: 'did you mean "Lead Source"?',
      labels: [{ at: "c.map:5:26", text: '"Lead Sources"', message: "unknown custom field" }],
    }]);
  });
});

describe("KnownCustomFieldsRule (MAP131)", () => {
  it("rejects a label two custom fields share, in a field and in an enum binding, naming both keys", () => {
    const person = catalog.entities.Person;
    const twice = [1, 2].map((n) => ({ key: `k${n}`, label: "Region", type: "enum" as const, custom: true, writable: "always" as const, options: [{ id: n, label: "North" }] }));
    const doubled = { ...catalog, entities: { ...catalog.entities, Person: { ...person, fields: [...person.fields, ...twice] } } };
    const { list } = diagnose({ "c.map": CONTACT.replace("}\n", '  region : String <- custom "Region"\n}\nenum R from Contact.custom "Region" {\n  North\n}\n') }, doubled);
    const hint = "rename all but one of them in Pipedrive (keys k1, k2), then run `bedrock-gateway catalog pull`";
    expect(list.map((d) => [d.code, d.message, d.hint, d.labels[0]!.text])).toEqual([
      ["MAP131", 'Person has 2 custom fields labelled "Region", so `custom "Region"` is ambiguous.', hint, '"Region"'],
      ["MAP128", 'Person has 2 custom fields labelled "Region", so `custom "Region"` is ambiguous.', hint, '"Region"'],
    ]);
  });
});

describe("KnownTypeNamesRule (MAP106, MAP107)", () => {
  it("reports an unknown type and a relation target missing from the files checked together", () => {
    const { list } = diagnose({ "c.map": CONTACT.replace("}\n", "  x : Strin <- job_title\n  owner : Owner <- owner_id\n}\n") });
    expect(list.map((d) => [d.code, d.message, d.hint, d.labels[0]!.at])).toEqual([
      ["MAP106", "Unknown type 'Strin'.", "did you mean 'String'?", "c.map:5:7"],
      ["MAP107", "Relation target 'Owner' is not declared in the files checked together.", "add a .map file with `object Owner from User { ... }` to the files you check", "c.map:6:11"],
    ]);
  });
  it("accepts the relation once the target's file is checked too", () => {
    expect(diagnose({ "o.map": OWNER, "c.map": CONTACT.replace("}\n", "  owner : Owner <- owner_id\n}\n") }).list).toEqual([]);
  });
});

describe("KnownRelatedFieldsRule (MAP108)", () => {
  const contact = (line: string) => CONTACT.replace("}\n", `  owner : Owner <- owner_id\n${line}\n}\n`);
  it("reads a declared field of the related object", () => {
    expect(diagnose({ "o.map": OWNER, "c.map": contact("  ownerName : String <- owner.name") }).list).toEqual([]);
  });
  it("blames the unknown field and the relation it goes through", () => {
    const { list } = diagnose({ "o.map": OWNER, "c.map": contact("  ownerMail : String <- owner.mail") });
    expect(list).toEqual([{
      code: "MAP108", severity: "error", message: "'Owner' has no field 'mail' to read through relation 'owner'.",
      hint: "map it in 'Owner' first, then read it here",
      labels: [{ at: "c.map:6:31", text: "mail", message: "not a field of Owner" }, { at: "c.map:5:3", text: "owner", message: "relation to Owner" }],
    }]);
  });
  it("rejects reading a related field of the related object (two relations deep), whatever the declaration order", () => {
    const company = "object Company from Organization {\n  name : String <- name\n  owner : Owner <- owner_id\n  ownerName : String <- owner.name\n}\n";
    const first = diagnose({ "c.map": CONTACT.replace("}\n", "  company : Company <- org_id\n  companyOwner : String <- company.ownerName\n}\n"), "co.map": company, "o.map": OWNER });
    const last = diagnose({ "co.map": company, "o.map": OWNER, "c.map": CONTACT.replace("}\n", "  company : Company <- org_id\n  companyOwner : String <- company.ownerName\n}\n") });
    for (const { list } of [first, last]) expect(list.map((d) => [d.code, d.labels[0]!.text])).toEqual([["MAP108", "company.ownerName"]]);
  });
  it("rejects a path deeper than one relation", () => {
    const { list } = diagnose({ "o.map": OWNER, "c.map": contact("  x : String <- owner.id.value") });
    expect(list.map((d) => [d.code, d.labels[0]!.text])).toEqual([["MAP108", "owner.id.value"]]);
  });
});

describe("TypeFitsFieldRule (MAP109)", () => {
  it("accepts every type the table allows", () => {
    const deal = "object Opportunity from Deal {\n  allow read\n  a : String <- title\n  b : Float <- value\n  c : Date <- expected_close_date\n  d : String <- expected_close_date\n  e : DateTime <- add_time\n  f : Int <- pipeline_id\n  g : ID <- pipeline_id\n  h : ID <- owner_id\n  i : Time <- custom \"Kickoff Time\"\n  j : [String] <- custom \"Competitors\"\n  k : String <- custom \"Deal Source\"\n}\n";
    expect(diagnose({ "d.map": deal }).list).toEqual([]);
  });
  it("rejects String on a double, Int on a date, and a scalar for a set", () => {
    const deal = "object Opportunity from Deal {\n  allow read\n  expectedCloseDate : Int <- expected_close_date\n  value : String <- value\n  competitors : String <- custom \"Competitors\"\n}\n";
    const { list } = diagnose({ "d.map": deal });
    expect(list.map((d) => [d.code, d.message, d.hint])).toEqual([
      ["MAP109", "'expectedCloseDate' is declared as Int, which does not fit Deal expected_close_date (date).", "declare it as Date or String"],
      ["MAP109", "'value' is declared as String, which does not fit Deal value (double).", "declare it as Float"],
      ["MAP109", "'competitors' is declared as String, which does not fit Deal custom \"Competitors\" (set).", "declare it as [String] or [an enum bound to it]"],
    ]);
    expect(list[0]!.labels.map((l) => [l.text, l.message])).toEqual([["Int", "declared Int"], ["expected_close_date", "source"]]);
  });
  it("rejects a relation to an object of another entity, and a list for a to-one relation", () => {
    const deal = "object Opportunity from Deal {\n  allow read\n  expectedCloseDate : Date <- expected_close_date\n  owner : Contact <- owner_id\n  owners : [Owner] <- owner_id\n}\n";
    const { list } = diagnose({ "o.map": OWNER, "c.map": CONTACT, "d.map": deal });
    expect(list.map((d) => [d.code, d.message, d.hint])).toEqual([
      ["MAP109", "'owner' is declared as Contact (from Person), but Deal field 'owner_id' relates to User.", "declare it as Owner"],
      ["MAP109", "'owners' is a to-one relation through 'owner_id', so its type must not be a list.", "declare it as Owner"],
    ]);
  });
  it("rejects an enum bound to another field", () => {
    const contact = CONTACT.replace("}\n", '  leadSource : Interest <- custom "Lead Source"\n}\nenum Interest from Contact.custom "Interests" {\n  Security\n}\n');
    const { list } = diagnose({ "c.map": contact });
    expect(list.map((d) => d.message)).toEqual([
      "'leadSource' is declared as Interest, which does not fit Person custom \"Lead Source\" (enum); enum 'Interest' is not bound to this field.",
    ]);
  });
  it("requires a related field to have the related field's type", () => {
    const { list } = diagnose({ "o.map": OWNER, "c.map": CONTACT.replace("}\n", "  owner : Owner <- owner_id\n  ownerName : Int <- owner.name\n}\n") });
    expect(list.map((d) => [d.code, d.message])).toEqual([["MAP109", "'ownerName' is declared as Int, but 'Owner.name' is String."]]);
  });
});

describe("RequiredFieldsMappedRule (MAP110)", () => {
  it("blames the object for each required field left unmapped", () => {
    const { list } = diagnose({ "c.map": "object Contact from Person {\n  allow read\n  firstName : String <- first_name\n}\n" });
    expect(list).toEqual([{
      code: "MAP110", severity: "error", message: "'Contact' must map the required field \"Last Name\" (Person 'last_name').",
      hint: "add a field such as `lastName : String <- last_name required`",
      labels: [{ at: "c.map:1:8", text: "Contact", message: '"Last Name" is not mapped' }],
    }]);
  });
  it("counts a relation as mapping its key (Activity's Contact)", () => {
    const activity = "object Activity from Activity {\n  allow read\n  where done = true\n  contact : Contact <- person_id\n  doneAt : DateTime <- marked_as_done_time\n}\n";
    expect(diagnose({ "c.map": CONTACT, "a.map": activity }).list).toEqual([]);
    const { list } = diagnose({ "a.map": activity.replace("  contact : Contact <- person_id\n", "") });
    expect(list.map((d) => d.message)).toEqual(["'Activity' must map the required field \"Contact\" (Activity 'person_id')."]);
  });
});

describe("AllowedOperationsRule (MAP111, MAP112)", () => {
  it("accepts the seed's permissions", () => {
    const deal = "object Opportunity from Deal {\n  allow read, update\n  expectedCloseDate : Date <- expected_close_date\n}\n";
    expect(diagnose({ "d.map": deal }).list).toEqual([]);
  });
  it("rejects create on Opportunity, update on Activity, any write on Owner, and unknown operations", () => {
    const { list } = diagnose({
      "d.map": "object Opportunity from Deal {\n  allow read, create, delet\n  expectedCloseDate : Date <- expected_close_date\n}\n",
      "o.map": "object Owner from User {\n  allow read, update\n}\n",
      "c.map": CONTACT,
      "a.map": "object Activity from Activity {\n  allow update\n  where done = true\n  contact : Contact <- person_id  readonly\n  doneAt : DateTime <- marked_as_done_time  readonly\n}\n",
    });
    expect(list.map((d) => [d.code, d.message, d.hint, d.labels[0]!.at])).toEqual([
      ["MAP112", "'Opportunity' may only read, update; the seed does not allow 'create'.", "remove 'create' from the allow list", "d.map:2:15"],
      ["MAP111", "Unknown operation 'delet'; an object allows read, create or update.", "write `allow read`, `allow read, create` …", "d.map:2:23"],
      ["MAP112", "'Owner' may only read; the seed does not allow 'update'.", "remove 'update' from the allow list", "o.map:2:15"],
      ["MAP112", "'Activity' may only read, create; the seed does not allow 'update'.", "remove 'update' from the allow list", "a.map:2:9"],
    ]);
  });
});

describe("UniqueOperationsRule (MAP122)", () => {
  it("accepts operations split over two allow clauses", () => {
    const deal = "object Opportunity from Deal {\n  allow read\n  allow update\n  expectedCloseDate : Date <- expected_close_date\n}\n";
    expect(diagnose({ "d.map": deal }).list).toEqual([]);
  });
  it("blames both mentions of an operation", () => {
    const { list } = diagnose({ "o.map": "object Owner from User {\n  allow read\n  allow read\n}\n" });
    expect(list).toEqual([{
      code: "MAP122", severity: "error", message: "Operation 'read' is allowed twice in 'Owner'.", hint: "remove the second 'read'",
      labels: [{ at: "o.map:3:9", text: "read", message: "allowed again here" }, { at: "o.map:2:9", text: "read", message: "first allowed here" }],
    }]);
  });
});

describe("WritableFieldsRule (MAP113)", () => {
  const contact = (line: string) => "object Contact from Person {\n  allow read, create, update\n  firstName : String <- first_name required\n  lastName : String <- last_name required\n" + line + "\n}\n";
  it("accepts read-only fields marked readonly, and writable ones unmarked", () => {
    expect(diagnose({ "o.map": OWNER, "c.map": contact("  updatedAt : DateTime <- update_time readonly\n  owner : Owner <- owner_id\n  ownerName : String <- owner.name readonly\n  id : ID <- id") }).list).toEqual([]);
  });
  it("asks for readonly on a never-writable field, a related field and a to-many relation", () => {
    const company = "object Company from Organization {\n  allow read, update\n  name : String <- name\n  contacts : [Contact] <- persons\n}\n";
    const { list } = diagnose({ "o.map": OWNER, "c.map": contact("  updatedAt : DateTime <- update_time\n  owner : Owner <- owner_id\n  ownerName : String <- owner.name"), "co.map": company });
    expect(list.map((d) => [d.code, d.message, d.hint, d.labels.map((l) => l.text)])).toEqual([
      ["MAP113", "'Contact' allows create and update, but field 'updatedAt' cannot be written: Person field 'update_time' cannot be created or updated.", "add readonly", ["update_time"]],
      ["MAP113", "'Contact' allows create and update, but field 'ownerName' cannot be written: it is read from the related object through 'owner'.", "add readonly", ["owner.name"]],
      ["MAP113", "'Company' allows update, but field 'contacts' cannot be written: it is a to-many relation, derived from the related records.", "add readonly", ["persons"]],
    ]);
  });
  it("is quiet in a read-only object", () => {
    expect(diagnose({ "c.map": CONTACT.replace("}\n", "  updatedAt : DateTime <- update_time\n}\n") }).list).toEqual([]);
  });
});

describe("ModifiersNeedWritableFieldRule (MAP114)", () => {
  it("rejects required and default on a readonly or never-written field", () => {
    const contact = "object Contact from Person {\n  allow read, create\n  firstName : String <- first_name required\n  lastName : String <- last_name required\n  createdAt : DateTime <- add_time readonly required\n  updatedAt : DateTime <- update_time readonly default \"x\"\n}\n";
    const { list } = diagnose({ "c.map": contact });
    expect(list.map((d) => [d.code, d.message, d.labels.map((l) => l.text)])).toEqual([
      ["MAP114", "'required' on field 'createdAt' has no effect: it is readonly.", ["required", "createdAt"]],
      ["MAP114", "'default' on field 'updatedAt' has no effect: it is readonly.", ["default \"x\"", "updatedAt"]],
    ]);
  });
  it("accepts required on a field written on create", () => {
    const contact = "object Contact from Person {\n  allow read, create\n  firstName : String <- first_name required\n  lastName : String <- last_name required default \"Unknown\"\n}\n";
    expect(diagnose({ "c.map": contact }).list).toEqual([]);
  });
});

describe("NoOwnerNameSplitRule (MAP115)", () => {
  it("accepts the full name, in Owner and through a relation", () => {
    expect(diagnose({ "o.map": OWNER, "c.map": CONTACT.replace("}\n", "  owner : Owner <- owner_id\n  ownerName : String <- owner.name\n}\n") }).list).toEqual([]);
  });
  it("rejects first/last name and parts of name, in Owner and through a relation to it", () => {
    const owner = o("  id : ID <- id\n  name : String <- name\n  first : String <- first_name\n  part : String <- name.first");
    const contact = CONTACT.replace("}\n", "  owner : Owner <- owner_id\n  ownerFirst : String <- owner.firstName\n}\n");
    const { list } = diagnose({ "o.map": owner, "c.map": contact });
    expect(list.map((d) => [d.code, d.message, d.labels[0]!.at, d.labels[0]!.text])).toEqual([
      ["MAP115", "Owner Name is the owner's full name and cannot be split; 'first_name' reads a part of it.", "o.map:4:21", "first_name"],
      ["MAP115", "Owner Name is the owner's full name and cannot be split; 'name.first' reads a part of it.", "o.map:5:20", "name.first"],
      ["MAP115", "Owner Name is the owner's full name and cannot be split; 'owner.firstName' reads a part of it.", "c.map:6:26", "owner.firstName"],
    ]);
    expect(list[0]!.hint).toBe("map the full name (`name`, or `owner.name` from a related object) as one String");
  });
});

describe("NoToManyRelatedFieldsRule (MAP116)", () => {
  it("warns (not errs) on a field read through a to-many relation, blaming the path and the relation", () => {
    const company = "object Company from Organization {\n  name : String <- name\n  contacts : [Contact] <- persons\n  names : [String] <- contacts.firstName\n}\n";
    const { list, ir } = diagnose({ "c.map": CONTACT, "co.map": company });
    expect(list).toEqual([{
      code: "MAP116", severity: "warning",
      message: "Field 'names' is mapped through the one-to-many relation 'contacts'; the seed discourages mapping fields through one-to-many relations.",
      hint: "query 'contacts { firstName }' instead",
      labels: [{ at: "co.map:4:23", text: "contacts.firstName", message: "read through a to-many relation" }, { at: "co.map:3:3", text: "contacts", message: "one 'Company' has many 'Contact'" }],
    }]);
    expect(ir).toBeDefined();
  });
  it("is quiet for a to-one relation", () => {
    const company = "object Company from Organization {\n  name : String <- name\n  owner : Owner <- owner_id\n  ownerName : String <- owner.name\n}\n";
    expect(diagnose({ "o.map": OWNER, "co.map": company }).list).toEqual([]);
  });
});

describe("ActivityTypeValuesRule (MAP117, MAP118)", () => {
  const activity = (extra: string, members: string) =>
    `object Activity from Activity {\n  allow read, create\n  where done = true\n  contact : Contact <- person_id required\n  doneAt : DateTime <- marked_as_done_time required\n${extra}\n}\nenum ActivityType from Activity.type {\n${members}\n}\n`;
  it("accepts blank and the seed's six types, by key or by name", () => {
    const { list, ir } = diagnose({ "c.map": CONTACT, "a.map": activity('  type : ActivityType <- type default "Call"', '  Call = "call"\n  Meeting\n  Task = "task"\n  Deadline = "deadline"\n  Email = "email"\n  Lunch = "lunch"\n  None = ""') });
    expect(list).toEqual([]);
    expect(ir!.enums[0]!.values.map((v) => v.pipedrive)).toEqual(["call", "meeting", "task", "deadline", "email", "lunch", ""]);
  });
  it("rejects a type outside the seed, an inactive one and an unknown one, in members and defaults", () => {
    const { list } = diagnose({ "c.map": CONTACT, "a.map": activity('  kind : String <- type default "demo"', '  Call = "call"\n  Demo = "demo"\n  Webinar = "webinar"\n  Meetup = "meetup"') });
    expect(list.map((d) => [d.code, d.message, d.hint, d.labels[0]!.text])).toEqual([
      ["MAP117", "Activity type 'demo' (Demo) is not allowed; an Activity's type is blank or one of Call, Meeting, Task, Deadline, Email, Lunch.", "use one of blank, Call, Meeting, Task, Deadline, Email, Lunch", '"demo"'],
      ["MAP117", "Activity type 'demo' (Demo) is not allowed; an Activity's type is blank or one of Call, Meeting, Task, Deadline, Email, Lunch.", "use one of blank, Call, Meeting, Task, Deadline, Email, Lunch", '"demo"'],
      ["MAP118", "Activity type 'webinar' (Webinar) is inactive in the account.", "activate it in Pipedrive, or use one of blank, Call, Meeting, Task, Deadline, Email, Lunch", '"webinar"'],
      ["MAP118", "Activity type 'meetup' does not exist in the account.", "did you mean 'meeting'?", '"meetup"'],
    ]);
    expect(list[0]!.labels[0]!.at).toBe("a.map:6:33");
    expect(list[1]!.labels[0]!.at).toBe("a.map:10:10");
  });
});

describe("UniqueTypeNamesRule (MAP119)", () => {
  it("accepts distinct object and enum names across files", () => {
    expect(diagnose({ "o.map": OWNER, "c.map": CONTACT + 'enum Interest from Contact.custom "Interests" {\n  Security\n}\n' }).list).toEqual([]);
  });
  it("blames both declarations of a name across files, and a scalar's name", () => {
    const { list } = diagnose({ "a.map": OWNER, "b.map": OWNER, "e.map": 'enum ID from Contact.custom "Interests" {\n  Security\n}\n', "c.map": CONTACT });
    expect(list.map((d) => [d.code, d.message, d.labels.map((l) => `${l.at} ${l.message}`)])).toEqual([
      ["MAP119", "Type 'Owner' is declared twice.", ["b.map:1:8 declared again here", "a.map:1:8 first declared here"]],
      ["MAP119", "'ID' is a built-in scalar and cannot be declared again.", ["e.map:1:6 reserved name"]],
    ]);
  });
});

describe("UniqueFieldNamesRule (MAP120)", () => {
  it("accepts the same field name in two objects", () => {
    expect(diagnose({ "o.map": OWNER, "c.map": CONTACT.replace("}\n", "  name : String <- name\n}\n") }).list).toEqual([]);
  });
  it("blames both fields", () => {
    const { list } = diagnose({ "a.map": o("  id : ID <- id\n  id : String <- email") });
    expect(list.map((d) => [d.code, d.message, d.labels.map((l) => l.at)])).toEqual([["MAP120", "Field 'id' is declared twice in 'Owner'.", ["a.map:3:3", "a.map:2:3"]]]);
  });
});

describe("UniqueEnumMembersRule (MAP121)", () => {
  it("accepts distinct members bound to the same option", () => {
    expect(diagnose({ "c.map": CONTACT + 'enum LeadSource from Contact.custom "Lead Source" {\n  Web\n  Online = "Web"\n}\n' }).list).toEqual([]);
  });
  it("blames both members", () => {
    const { list } = diagnose({ "c.map": CONTACT + 'enum LeadSource from Contact.custom "Lead Source" {\n  Web\n  Web\n}\n' });
    expect(list.map((d) => [d.code, d.message, d.labels.map((l) => l.at)])).toEqual([["MAP121", "Enum 'LeadSource' declares member 'Web' twice.", ["c.map:8:3", "c.map:7:3"]]]);
  });
});

describe("KnownDedupeFieldsRule (MAP123)", () => {
  it("accepts declared fields and rejects others with a suggestion", () => {
    expect(diagnose({ "o.map": o("  dedupe by name\n  name : String <- name") }).list).toEqual([]);
    const { list } = diagnose({ "o.map": o("  dedupe by nmae, id\n  id : ID <- id\n  name : String <- name") });
    expect(list).toEqual([{
      code: "MAP123", severity: "error", message: "'dedupe by' names 'nmae', which is not a field of 'Owner'.", hint: "did you mean 'name'?",
      labels: [{ at: "o.map:2:13", text: "nmae", message: "unknown field" }],
    }]);
  });
});

describe("WhereClauseRule (MAP124, MAP125, MAP130)", () => {
  it("accepts a where on a field with a literal of its type", () => {
    expect(diagnose({ "o.map": o("  where active_flag = true\n  id : ID <- id") }).list).toEqual([]);
  });
  it("rejects an unknown field, a wrong literal and a second where", () => {
    const { list } = diagnose({ "o.map": o('  where active_flag = "yes"\n  where actve_flag = true\n  id : ID <- id') });
    expect(list.map((d) => [d.code, d.message, d.hint, d.labels.map((l) => l.text)])).toEqual([
      ["MAP125", "'active_flag' is a boolean field, so where compares it with true or false.", "write e.g. `where active_flag = true`", ['"yes"', "active_flag"]],
      ["MAP130", "'Owner' has more than one where clause.", "keep one where clause", ["where actve_flag = true", 'where active_flag = "yes"']],
      ["MAP124", "User has no field 'actve_flag' to filter on.", "did you mean 'active_flag'?", ["actve_flag"]],
    ]);
  });
});

describe("ActivityDoneFilterRule (MAP126)", () => {
  const activity = (where: string) => `object Activity from Activity {\n  allow read\n${where}\n  contact : Contact <- person_id\n  doneAt : DateTime <- marked_as_done_time\n}\n`;
  it("accepts `where done = true`", () => {
    expect(diagnose({ "c.map": CONTACT, "a.map": activity("  where done = true") }).list).toEqual([]);
  });
  it("rejects a missing filter and `where done = false`", () => {
    const missing = diagnose({ "c.map": CONTACT, "a.map": activity("") }).list;
    expect(missing).toEqual([{
      code: "MAP126", severity: "error",
      message: "'Activity' maps Pipedrive Activities, so it must filter with 'where done = true': only closed activities sync out.",
      hint: "add `where done = true` to the object",
      labels: [{ at: "a.map:1:8", text: "Activity", message: "no `where done = true`" }],
    }]);
    const wrong = diagnose({ "c.map": CONTACT, "a.map": activity("  where done = false") }).list;
    expect(wrong.map((d) => [d.code, d.hint, d.labels.map((l) => l.text)])).toEqual([["MAP126", "write `where done = true`", ["where done = false", "Activity"]]]);
  });
});

describe("KnownEnumOptionsRule (MAP127)", () => {
  it("accepts option labels, written as member names or as strings", () => {
    const { list, ir } = diagnose({ "c.map": CONTACT + 'enum LeadSource from Contact.custom "Lead Source" {\n  Web\n  ColdCall = "Cold Call"\n}\n' });
    expect(list).toEqual([]);
    expect(ir!.enums[0]!.values).toEqual([{ name: "Web", pipedrive: "Web", optionId: 111 }, { name: "ColdCall", pipedrive: "Cold Call", optionId: 115 }]);
  });
  it("rejects a member that is not an option, suggesting the closest label", () => {
    const { list } = diagnose({ "c.map": CONTACT + 'enum LeadSource from Contact.custom "Lead Source" {\n  ColdCall\n}\n' });
    expect(list).toEqual([{
      code: "MAP127", severity: "error", message: "\"Lead Source\" has no option \"ColdCall\" for enum member 'ColdCall'.", hint: 'did you mean "Cold Call"? write `ColdCall = "Cold Call"`',
      labels: [{ at: "c.map:7:3", text: "ColdCall", message: "unknown option" }],
    }]);
    // With a value written, the hint suggests the label only.
    const valued = diagnose({ "c.map": CONTACT + 'enum LeadSource from Contact.custom "Lead Source" {\n  Ref = "Referal"\n}\n' }).list;
    expect(valued.map((d) => [d.code, d.labels[0]!.text, d.hint])).toEqual([["MAP127", '"Referal"', 'did you mean "Referral"?']]);
  });
});

describe("KnownEnumBindingsRule (MAP128)", () => {
  it("binds to a declared object's custom enum and to Activity.type", () => {
    const activity = "object Activity from Activity {\n  where done = true\n  contact : Contact <- person_id\n  doneAt : DateTime <- marked_as_done_time\n}\nenum T from Activity.type {\n  Call\n}\n";
    expect(diagnose({ "c.map": CONTACT + 'enum S from Contact.custom "Lead Source" {\n  Web\n}\n', "a.map": activity }).list).toEqual([]);
  });
  it("rejects an undeclared object, a non-enum field and an unknown label", () => {
    const text = CONTACT + "enum A from Company.name {\n  X\n}\nenum B from Contact.first_name {\n  X\n}\n" + 'enum C from Contact.custom "Hobbies" {\n  X\n}\n';
    const { list } = diagnose({ "c.map": text });
    expect(list.map((d) => [d.code, d.message, d.labels[0]!.text])).toEqual([
      ["MAP128", "Enum 'A' is bound to object 'Company', which is not declared in the files checked together.", "Company"],
      ["MAP128", "Person field 'first_name' has type varchar; an enum can only be bound to an enum or set field.", "first_name"],
      ["MAP128", 'Person has no custom field labelled "Hobbies".', '"Hobbies"'],
    ]);
  });
});

describe("DefaultValueTypeRule (MAP129)", () => {
  it("accepts defaults of the field's type, enum member names and null on nullable fields", () => {
    const text = "object Contact from Person {\n  allow read, create\n  firstName : String! <- first_name required default \"Ada\"\n  lastName : String <- last_name required default null\n  src : LeadSource <- custom \"Lead Source\" default \"Web\"\n  since : Date <- custom \"Customer Since\" default \"2024-01-01\"\n}\nenum LeadSource from Contact.custom \"Lead Source\" {\n  Web\n}\n";
    const { list, ir } = diagnose({ "c.map": text });
    expect(list).toEqual([]);
    expect(ir!.objects[0]!.fields.map((f) => f.default)).toEqual(["Ada", null, "Web", "2024-01-01"]);
  });
  it("rejects null on a non-null type, a number for a String and a non-member for an enum", () => {
    const text = "object Contact from Person {\n  allow read, create\n  firstName : String! <- first_name required default null\n  lastName : String <- last_name required default 42\n  src : LeadSource <- custom \"Lead Source\" default \"Google\"\n  value : Money <- custom \"Lifetime Value\" default 0\n}\nenum LeadSource from Contact.custom \"Lead Source\" {\n  Web\n}\n";
    const { list } = diagnose({ "c.map": text });
    expect(list.map((d) => [d.code, d.message, d.hint, d.labels.map((l) => l.text)])).toEqual([
      ["MAP129", "'firstName' is non-null (String!), so its default cannot be null.", "remove the default, or give a value", ["null", "String!"]],
      ["MAP129", "Default of 'lastName' must be a string for type String.", 'write e.g. default "…"', ["42", "String"]],
      ["MAP129", "Default \"Google\" of 'src' is not a member of enum 'LeadSource'.", 'write a member name as a string, e.g. default "Web"', ['"Google"', "LeadSource"]],
      ["MAP129", "'value' has type Money, a structured value that has no literal default.", "remove the default", ["0", "Money"]],
    ]);
  });
});

describe("no cascades", () => {
  it("a relation to an undeclared object reports once, not again on each path through it", () => {
    const { codes } = diagnose({ "c.map": CONTACT.replace("}\n", "  owner : Owner <- owner_id\n  ownerName : String <- owner.name\n}\n") });
    expect(codes).toEqual(["MAP107"]);
  });
});

describe("NonNullNeedsAlwaysSetRule (MAP132)", () => {
  const deal = (body: string) => `object Opportunity from Deal {\n  allow read, update\n  closes : Date <- expected_close_date required\n${body}\n}\n`;
  const activity = (where: string, contact: string) =>
    `object Activity from Activity {\n  allow read, create\n  ${where}\n  contact : ${contact}\n  doneAt : DateTime! <- marked_as_done_time required\n  done : Boolean! <- done readonly\n}\n`;

  it("accepts non-null types on fields Pipedrive always sets, and nullable types on any field", () => {
    const body = "  id : ID! <- id\n  title : String! <- title\n  status : String! <- status\n  currency : String! <- currency\n  createdAt : DateTime! <- add_time readonly\n  renewal : Date <- custom \"Renewal Date\"";
    expect(diagnose({ "o.map": deal(body) }).list).toEqual([]);
    const owner = "object Owner from User {\n  id : ID! <- id\n  name : String! <- name\n  email : String! <- email\n  active : Boolean! <- active_flag\n}\n";
    expect(diagnose({ "u.map": owner }).list).toEqual([]);
  });

  it("warns on a non-null type over a field Pipedrive may leave empty, blaming the type", () => {
    const text = "object Opportunity from Deal {\n  allow read, update\n  title : String! <- title\n  expectedCloseDate : Date! <- expected_close_date required\n}\n";
    const { list } = diagnose({ "o.map": text });
    expect(list).toEqual([{
      code: "MAP132", severity: "warning",
      message: "'expectedCloseDate' is declared Date! but Pipedrive may leave Deal 'expected_close_date' empty; a record without it would fail the whole query.",
      hint: "declare it `Date` (nullable); keep `required` to make it mandatory on writes",
      labels: [{ at: "o.map:4:23", text: "Date!", message: "non-null" }],
    }]);
  });

  it("warns on custom fields, parts of a list and non-null lists, with a hint that fits the field's writability", () => {
    const body = "  renewal : Date! <- custom \"Renewal Date\"\n  wonAt : DateTime! <- won_time readonly\n  rivals : [Competitor!]! <- custom \"Competitors\"";
    const text = deal(body) + "enum Competitor from Opportunity.custom \"Competitors\" {\n  Zoho\n}\n";
    const contact = "object Contact from Person {\n  allow read\n  firstName : String! <- first_name\n  lastName : String <- last_name\n  email : String! <- emails[primary].value\n}\n";
    const { list } = diagnose({ "c.map": contact, "o.map": text });
    expect(list.map((d) => [d.severity, d.message, d.hint, d.labels[0]!.text])).toEqual([
      ["warning", "'email' is declared String! but Pipedrive may leave Person 'emails[primary].value' empty; a record without it would fail the whole query.", "declare it `String` (nullable)", "String!"],
      ["warning", "'renewal' is declared Date! but Pipedrive may leave Deal custom field \"Renewal Date\" empty; a record without it would fail the whole query.", "declare it `Date` (nullable); add `required` to make it mandatory on writes", "Date!"],
      ["warning", "'wonAt' is declared DateTime! but Pipedrive may leave Deal 'won_time' empty; a record without it would fail the whole query.", "declare it `DateTime` (nullable)", "DateTime!"],
      ["warning", "'rivals' is declared [Competitor!]! but Pipedrive may leave Deal custom field \"Competitors\" empty; a record without it would fail the whole query.", "declare it `[Competitor!]` (nullable); add `required` to make it mandatory on writes", "[Competitor!]!"],
    ]);
  });

  it("trusts `where done = true` for done and marked_as_done_time, and nothing else", () => {
    expect(diagnose({ "c.map": CONTACT, "a.map": activity("where done = true", "Contact! <- person_id required") }).list).toEqual([]);
    const { list } = diagnose({ "c.map": CONTACT, "a.map": activity("where busy = true", "Contact! <- person_id required") });
    expect(list.map((d) => [d.code, d.severity, d.message, d.labels[0]!.text])).toEqual([
      ["MAP126", "error", "'Activity' maps Pipedrive Activities, so it must filter with 'where done = true': only closed activities sync out.", "Activity"],
      ["MAP132", "warning", "'doneAt' is declared DateTime! but Pipedrive may leave Activity 'marked_as_done_time' empty; a record without it would fail the whole query.", "DateTime!"],
    ]);
    // `done = false` guarantees `done` itself, but no close time.
    const notDone = diagnose({ "c.map": CONTACT, "a.map": activity("where done = false", "Contact! <- person_id required") }).list;
    expect(notDone.map((d) => [d.code, d.labels[0]!.text])).toEqual([["MAP126", "where done = false"], ["MAP132", "DateTime!"]]);
  });

  it("trusts a non-null to-one relation only when `required` makes the runtime skip records without it", () => {
    expect(diagnose({ "c.map": CONTACT, "a.map": activity("where done = true", "Contact! <- person_id required") }).list).toEqual([]);
    const { list } = diagnose({ "c.map": CONTACT, "a.map": activity("where done = true", "Contact! <- person_id") });
    expect(list).toEqual([{
      code: "MAP132", severity: "warning",
      message: "'contact' is declared Contact! but Pipedrive may leave Activity 'person_id' empty and, without `required`, the gateway still serves such records; a record without it would fail the whole query.",
      hint: "declare it `Contact` (nullable), or add `required` so records without it are not served",
      labels: [{ at: "a.map:4:13", text: "Contact!", message: "non-null" }],
    }]);
  });

  it("follows a related field through its relation to the related object's source", () => {
    const related = (source: string) => deal(`  contact : Contact! <- person_id required\n  contactText : String! <- ${source} readonly`);
    const contact = "object Contact from Person {\n  allow read\n  name : String <- name\n  firstName : String <- first_name\n  lastName : String <- last_name\n}\n";
    expect(diagnose({ "c.map": contact, "o.map": related("contact.name") }).list).toEqual([]);
    expect(diagnose({ "c.map": contact, "o.map": related("contact.lastName") }).list.map((d) => d.message)).toEqual([
      "'contactText' is declared String! but Pipedrive may leave Person 'last_name' empty; a record without it would fail the whole query.",
    ]);
    const loose = deal("  contact : Contact <- person_id\n  contactText : String! <- contact.name readonly");
    expect(diagnose({ "c.map": contact, "o.map": loose }).list.map((d) => d.message)).toEqual([
      "'contactText' is declared String! but it is read through 'contact', which may be empty; a record without it would fail the whole query.",
    ]);
  });

  it("leaves to-many relations alone: they are always a list", () => {
    const company = "object Company from Organization {\n  allow read\n  name : String! <- name\n  contacts : [Contact!]! <- persons readonly\n}\n";
    expect(diagnose({ "c.map": CONTACT, "o.map": company }).list).toEqual([]);
  });
});

describe("OwnerWrittenAsRelationRule (MAP133)", () => {
  const contact = (line: string, allow = "read, update") =>
    `object Contact from Person {\n  allow ${allow}\n  firstName : String <- first_name required\n  lastName : String <- last_name required\n${line}\n}\n`;
  it("rejects a written user field typed ID, built-in or custom, and says how to fix it", () => {
    const { list } = diagnose({ "o.map": OWNER, "c.map": contact('  ownerId : ID <- owner_id\n  manager : ID <- custom "Account Manager"') });
    expect(list.map((d) => [d.code, d.message, d.hint, d.labels[0]!.at])).toEqual([
      ["MAP133", "'ownerId' writes Person owner_id, a Pipedrive user, as a plain ID: the gateway could not check that it is an existing user's exact id.",
        "declare it as the relation `ownerId : Owner <- owner_id`, or add readonly to only read the id", "c.map:5:13"],
      ["MAP133", "'manager' writes Person custom \"Account Manager\", a Pipedrive user, as a plain ID: the gateway could not check that it is an existing user's exact id.",
        "declare it as the relation `manager : Owner <- custom \"Account Manager\"`, or add readonly to only read the id", "c.map:6:13"],
    ]);
  });
  it("accepts the relation, a readonly ID, and an ID in an object that only reads", () => {
    expect(diagnose({ "o.map": OWNER, "c.map": contact("  owner : Owner <- owner_id") }).list).toEqual([]);
    expect(diagnose({ "o.map": OWNER, "c.map": contact("  ownerId : ID <- owner_id readonly") }).list).toEqual([]);
    expect(diagnose({ "c.map": contact("  ownerId : ID <- owner_id", "read").replace(/ required/g, "") }).list).toEqual([]);
  });
});

describe("GraphQLNamesRule (MAP134)", () => {
  it("rejects '__' names and enums named like generated types; the shipped schema generates no other type names", async () => {
    const { printSdl } = await import("../../schema/printSdl.ts");
    const { generatedTypeNames } = await import("../../dsl/check/rules/GraphQLNamesRule.ts");
    const shipped = diagnose(shippedMappings());
    const declared = new Set([...shipped.ir!.objects.map((o) => o.name), ...shipped.ir!.enums.map((e) => e.name), "Date", "DateTime", "Time", "Money", "Address"]);
    const printed = [...printSdl(shipped.ir!).matchAll(/^(?:type|input|enum|scalar) (\w+)/gm)].map((m) => m[1]!).filter((n) => !declared.has(n));
    const generated = generatedTypeNames(catalog.rules.map((r) => r.bedrock));
    expect(printed.filter((n) => !generated.has(n))).toEqual([]);
    const { list } = diagnose({ "c.map": CONTACT.replace("}\n", "  __x : String <- name\n}\n") + "enum PageInfo from Contact.custom \"Lead Source\" {\n  Web\n}\n" });
    expect(list.map((d) => [d.code, d.labels[0]!.text])).toEqual([["MAP134", "__x"], ["MAP134", "PageInfo"]]);
  });
});

describe("NonEmptyDeclarationsRule (MAP135)", () => {
  it("rejects an object without fields and an enum without members, once nothing else is wrong", () => {
    const enumText = 'enum LeadSource from Contact.custom "Lead Source" {}\n';
    const { list } = diagnose({ "o.map": "object Owner from User {\n  allow read\n}\n", "c.map": CONTACT + enumText });
    expect(list.map((d) => [d.code, d.message, d.hint, d.labels[0]!.at])).toEqual([
      ["MAP135", "Object 'Owner' declares no fields.", "map at least one field, e.g. `id : ID! <- id`", "o.map:1:8"],
      ["MAP135", "Enum 'LeadSource' has no members.", 'list the options it exposes, e.g. Web, Referral', "c.map:6:6"],
    ]);
    // While another error stands (here a misspelt entity), that error alone is reported.
    expect(diagnose({ "o.map": "object Owner from Usr {}\n" }).codes).toEqual(["MAP101"]);
  });
});
