/** Who may do what, and how big a query may be, on the real compiled schema over the embedded sandbox. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gatewayUnderTest, keyEntry, type GatewayUnderTest } from "./support/gatewayUnderTest.ts";

const KEYS = {
  reader: "reader-key-0000000000000000",
  contactWriter: "contact-writer-key-00000000",
  activityCreator: "activity-creator-key-000000",
  admin: "admin-key-00000000000000000",
};

let gw: GatewayUnderTest;

beforeAll(async () => {
  gw = await gatewayUnderTest({
    apiKeys: [
      keyEntry("reader", KEYS.reader, ["*:read"]),
      keyEntry("contact-writer", KEYS.contactWriter, ["contact:read", "contact:create"]),
      keyEntry("activity-creator", KEYS.activityCreator, ["activity:create"]),
      keyEntry("admin", KEYS.admin, ["*"]),
    ],
  });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox!.log.clear());

const writes = () => gw.sandbox!.log.entries().filter((e) => e.method === "POST" || e.method === "PATCH");
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { contact { id firstName } matched } }`;

describe("the access matrix", () => {
  it("answers 401 UNAUTHENTICATED with no key or an unknown key, and calls nothing upstream", async () => {
    for (const key of [undefined, "not-a-key"]) {
      const { status, body } = await gw.gql("{ owners { nodes { name } } }", key ? { key } : {});
      expect(status).toBe(401);
      expect(body.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    }
    expect(gw.sandbox!.log.entries()).toEqual([]);
  });

  it("serves the GraphiQL page without a key but never data", async () => {
    const page = await fetch(`${gw.graphqlUrl}?query=${encodeURIComponent("{ owners { nodes { name } } }")}`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/graphiql/i);
    expect(html).not.toContain("Ada Lovelace");
    const data = await fetch(`${gw.graphqlUrl}?query=${encodeURIComponent("{ owners { nodes { name } } }")}`, { headers: { accept: "application/json" } });
    expect(data.status).toBe(401);
    expect(gw.sandbox!.log.entries()).toEqual([]);
  });

  it("lets *:read read every object and refuses its writes with nothing sent upstream", async () => {
    const read = await gw.gql("{ contacts(first: 2) { nodes { firstName } } companies(first: 1) { nodes { name } } owners(first: 1) { nodes { name } } }", { key: KEYS.reader });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.contacts.nodes).toHaveLength(2);

    const create = await gw.gql(CREATE_CONTACT, { key: KEYS.reader, variables: { input: { firstName: "Nora", lastName: "Noscope", email: "nora.noscope@example.test" } } });
    expect(create.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const update = await gw.gql(`mutation { updateContact(id: "1", input: { jobTitle: "CTO" }) { contact { id } } }`, { key: KEYS.reader });
    expect(update.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect(writes()).toEqual([]);
  });

  it("lets contact:create create contacts but not update them or read companies", async () => {
    const create = await gw.gql(CREATE_CONTACT, { key: KEYS.contactWriter, variables: { input: { firstName: "Wanda", lastName: "Writer", email: "wanda.writer@example.test" } } });
    expect(create.body.errors).toBeUndefined();
    expect(create.body.data.createContact).toMatchObject({ contact: { firstName: "Wanda" }, matched: false });
    expect(writes().map((e) => `${e.method} ${e.path}`)).toEqual(["POST /api/v2/persons"]);

    gw.sandbox!.log.clear();
    const update = await gw.gql(`mutation { updateContact(id: "1", input: { jobTitle: "CTO" }) { contact { id } } }`, { key: KEYS.contactWriter });
    expect(update.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const companies = await gw.gql("{ companies(first: 1) { nodes { name } } }", { key: KEYS.contactWriter });
    expect(companies.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect(writes()).toEqual([]);
  });

  it("refuses a contact:read-less key on contacts while its own scope works at the schema level", async () => {
    const read = await gw.gql("{ contacts(first: 1) { nodes { firstName } } }", { key: KEYS.activityCreator });
    expect(read.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect(gw.sandbox!.log.entries().filter((e) => e.path.startsWith("/api/v2/persons"))).toEqual([]);
  });

  it("lets * do everything", async () => {
    const update = await gw.gql(`mutation { updateContact(id: "2", input: { jobTitle: "Chief Tester" }) { contact { id jobTitle } } }`, { key: KEYS.admin });
    expect(update.body.errors).toBeUndefined();
    expect(update.body.data.updateContact.contact.jobTitle).toBe("Chief Tester");
    expect(writes().map((e) => `${e.method} ${e.path}`)).toEqual(["PATCH /api/v2/persons/2"]);
  });
});

describe("query limits on the Bedrock schema", () => {
  it("refuses nested connections whose pages multiply past BEDROCK_MAX_COST, before any upstream call", async () => {
    const { body } = await gw.gql("{ companies(first: 100) { nodes { name contacts(first: 100) { firstName lastName email } } } }", { key: KEYS.admin });
    expect(body.data).toBeUndefined();
    expect(body.errors?.find((e) => e.extensions.limit === "cost")?.extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", max: 5000 });
    expect(gw.sandbox!.log.entries()).toEqual([]);
  });

  it("refuses a page size above BEDROCK_MAX_PAGE_SIZE", async () => {
    const { body } = await gw.gql("{ contacts(first: 101) { nodes { id } } }", { key: KEYS.admin });
    expect(body.errors?.[0].extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", limit: "pageSize", actual: 101, max: 100 });
  });

  it("refuses too many aliases and too deep a query", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: owners(first: 1) { nodes { name } }`).join(" ");
    expect((await gw.gql(`{ ${aliases} }`, { key: KEYS.admin })).body.errors?.[0].extensions.limit).toBe("aliases");
    // contacts nodes company contacts company contacts company contacts company contacts firstName: 11 levels.
    const deep = "{ contacts(first: 1) { nodes { company { contacts(first: 1) { company { contacts(first: 1) { company { contacts(first: 1) { company { contacts(first: 1) { firstName } } } } } } } } } } }";
    const errors = (await gw.gql(deep, { key: KEYS.admin })).body.errors ?? [];
    expect(errors.find((e) => e.extensions.limit === "depth")?.extensions).toMatchObject({ actual: 11, max: 10 });
    expect(gw.sandbox!.log.entries()).toEqual([]);
  });
});

describe("introspection and GraphiQL switched off", () => {
  it("refuses __schema and serves no GraphiQL page", async () => {
    const closed = await gatewayUnderTest({ introspection: false, graphiql: false });
    try {
      const { body } = await closed.gql("{ __schema { types { name } } }");
      expect(body.errors?.[0].extensions.code).toBe("INTROSPECTION_DISABLED");
      const typename = await closed.gql("{ __typename }");
      expect(typename.body.data).toEqual({ __typename: "Query" });
      const page = await fetch(closed.graphqlUrl, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toMatch(/graphiql/i);
    } finally {
      await closed.close();
    }
  });

  it("warns loudly at start when it runs open against the sandbox", async () => {
    const open = await gatewayUnderTest();
    try {
      expect(open.logs.some((l) => l.level === 40 && String(l.msg).includes("OPEN"))).toBe(true);
      expect(open.logs.some((l) => String(l.msg).includes("embedded Pipedrive sandbox"))).toBe(true);
      expect((await open.gql("{ owners(first: 1) { nodes { name } } }")).body.errors).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});
