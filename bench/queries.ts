import { floorOf, type Floor, type UpstreamStep } from "./floor.ts";

/** One query of the mix: its GraphQL document, the input of its i-th call and its upstream shape. */
export interface BenchQuery {
  id: string;
  title: string;
  /** Levels of upstream round trips a perfect gateway needs in sequence (the latency target is for 2). */
  levels: number;
  mutation: boolean;
  steps: readonly UpstreamStep[];
  floor: Floor;
  document: string;
  /** Variables of the i-th call; `runId` keeps created emails unique across runs and targets. */
  variables(i: number, runId: string): Record<string, unknown> | undefined;
  /** A reason the answer is wrong, or undefined: every answer is checked so errors are never timed as answers. */
  check(data: Json): string | undefined;
}

// Answers are probed field by field; a missing field reads as undefined and fails the check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

const PAGE = 100;

function query(spec: Omit<BenchQuery, "floor">): BenchQuery {
  return { ...spec, floor: floorOf(spec.steps) };
}

function expectNodes(data: Json, field: string, min: number, every: (node: Json) => boolean, what: string): string | undefined {
  const nodes = data[field]?.nodes as Json[] | undefined;
  if (!Array.isArray(nodes)) return `${field}.nodes is missing`;
  if (nodes.length < min) return `${field} returned ${nodes.length} nodes, expected at least ${min}`;
  const related = nodes.filter(every).length;
  if (related === 0) return `no ${field} node has ${what}: relations are not resolved`;
  return undefined;
}

/**
 * The benchmark's query mix, each sent unchanged to the gateway and to the peer (the peer's schema has the
 * gateway's names for what the mix uses, so one document serves both).
 *
 * @example
 *   for (const q of QUERIES) console.log(q.id, q.floor.requests, q.floor.tokens);
 */
export const QUERIES: readonly BenchQuery[] = [
  query({
    id: "contacts",
    title: "100 Contacts with company and owner",
    levels: 2,
    mutation: false,
    steps: [{ kind: "list", entity: "persons" }, { kind: "byIds", entity: "organizations", parents: PAGE }, { kind: "users" }],
    document: `query Contacts { contacts(first: ${PAGE}) { nodes { id firstName lastName company { name } owner { name } } } }`,
    variables: () => undefined,
    check: (data) => expectNodes(data, "contacts", PAGE, (n) => !!n.company?.name && !!n.owner?.name, "a company and an owner"),
  }),
  query({
    id: "contactsCompanyOwner",
    title: "100 Contacts with company, company.owner and owner",
    levels: 2,
    mutation: false,
    steps: [{ kind: "list", entity: "persons" }, { kind: "byIds", entity: "organizations", parents: PAGE }, { kind: "users" }],
    document: `query ContactsCompanyOwner { contacts(first: ${PAGE}) { nodes { id firstName lastName company { name owner { name } } owner { name } } } }`,
    variables: () => undefined,
    check: (data) => expectNodes(data, "contacts", PAGE, (n) => !!n.company?.owner?.name, "a company with an owner"),
  }),
  query({
    id: "contactById",
    title: "One Contact by id",
    levels: 1,
    mutation: false,
    steps: [{ kind: "get", entity: "persons" }],
    document: `query ContactById($id: ID!) { contact(id: $id) { id firstName lastName email } }`,
    variables: (i) => ({ id: String((i % 500) + 1) }),
    check: (data) => (data.contact?.id ? undefined : "contact(id) returned null for a seeded id"),
  }),
  query({
    id: "doneActivities",
    title: "100 done Activities with their contact",
    levels: 2,
    mutation: false,
    steps: [{ kind: "list", entity: "activities" }, { kind: "byIds", entity: "persons", parents: PAGE }],
    document: `query DoneActivities { activities(first: ${PAGE}) { nodes { id subject doneAt contact { id firstName lastName } } } }`,
    variables: () => undefined,
    check: (data) => expectNodes(data, "activities", 1, (n) => !!n.contact?.id && !!n.doneAt, "a contact and a done time"),
  }),
  query({
    id: "createContact",
    title: "createContact (fresh email: dedupe search, then create)",
    levels: 2,
    mutation: true,
    steps: [{ kind: "search", entity: "persons" }, { kind: "create", entity: "persons" }],
    document: `mutation CreateContact($input: CreateContactInput!) { createContact(input: $input) { contact { id firstName lastName email } matched } }`,
    variables: (i, runId) => ({ input: { firstName: "Bench", lastName: `Run ${i}`, email: `bench-${runId}-${i}@example.test` } }),
    check: (data) =>
      data.createContact?.contact?.id && data.createContact.matched === false
        ? undefined
        : `createContact with a fresh email should create (matched: false), got ${JSON.stringify(data.createContact)}`,
  }),
  query({
    id: "updateOpportunity",
    title: "updateOpportunity (expected close date)",
    levels: 1,
    mutation: true,
    steps: [{ kind: "update", entity: "deals" }],
    document: `mutation UpdateOpportunity($id: ID!, $input: UpdateOpportunityInput!) { updateOpportunity(id: $id, input: $input) { opportunity { id title expectedCloseDate } } }`,
    variables: (i) => ({ id: String((i % 100) + 1), input: { expectedCloseDate: `2027-01-${String((i % 28) + 1).padStart(2, "0")}` } }),
    check: (data) =>
      data.updateOpportunity?.opportunity?.expectedCloseDate
        ? undefined
        : `updateOpportunity returned no expected close date: ${JSON.stringify(data.updateOpportunity)}`,
  }),
];
