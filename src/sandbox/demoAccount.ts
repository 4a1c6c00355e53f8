import { timezoneId } from "./customFieldValues.ts";
import { demoActivityTypes, demoUsers } from "./demoDirectory.ts";
import { demoFields } from "./demoFields.ts";
import { demoPipelines } from "./demoPipelines.ts";
import { fieldCode } from "./fieldCode.ts";
import { createPrng, type Prng } from "./prng.ts";
import { isoDate, rfc3339 } from "./timestamps.ts";
import type { EntityName, FieldDefinition, SandboxActivityType, SandboxPipeline, SandboxStage, SandboxUser, StoredRecord } from "./types.ts";

export interface DemoAccount {
  users: SandboxUser[];
  activityTypes: SandboxActivityType[];
  pipelines: SandboxPipeline[];
  stages: SandboxStage[];
  fields: Record<EntityName, FieldDefinition[]>;
  records: Record<EntityName, StoredRecord[]>;
}

export const DEMO_COUNTS = { organization: 300, person: 600, deal: 200, activity: 800 } as const;

/**
 * Generates the deterministic demo account: the same users, fields, activity types and ~1,900 records
 * on every call (seeded PRNG, fixed clock base), spread so relations, filters and pagination get exercised.
 * Ids start at 1 per entity, as Pipedrive's do.
 *
 * @example
 *   const account = demoAccount();
 *   account.records.person.length; // 600
 */
export function demoAccount(seed = 20260101): DemoAccount {
  const random = createPrng(seed);
  const users = demoUsers();
  const activityTypes = demoActivityTypes();
  const fields = demoFields();
  const organizations = makeOrganizations(random);
  const persons = makePersons(random, organizations);
  const deals = makeDeals(random, persons, organizations);
  const activities = makeActivities(random, persons, deals, activityTypes);
  const { pipelines, stages } = demoPipelines();
  return { users, activityTypes, pipelines, stages, fields, records: { organization: organizations, person: persons, deal: deals, activity: activities } };
}

const OWNERS = [1001, 1002, 1003, 1004];
const EPOCH = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;
const FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Mia", "Elias", "Chloe", "Omar", "Ines", "Kenji", "Priya", "Tomas", "Lena", "Arjun", "Zoe", "Felix", "Nora", "Ivan", "Hana", "Diego"];
const LAST = ["Smith", "Garcia", "Muller", "Rossi", "Tanaka", "Kowalski", "Novak", "Silva", "Jensen", "Dubois", "Okafor", "Larsen", "Haddad", "Kim", "Moreau", "Fischer", "Costa", "Berg", "Patel", "Ivanova"];
const ORG_A = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Hooli", "Vandelay", "Wonka", "Aperture", "Oscorp", "Massive", "Nakatomi", "Gringotts", "Monarch", "Dunder", "Pied"];
const ORG_B = ["Analytics", "Logistics", "Foods", "Robotics", "Health", "Capital", "Systems", "Retail", "Energy", "Media", "Labs", "Motors", "Pharma", "Textiles", "Software"];
const ORG_C = ["Ltd", "Inc", "GmbH", "AB", "Oy"];
const CITIES: [string, string, string][] = [["Tallinn", "Estonia", "10111"], ["Berlin", "Germany", "10115"], ["Austin", "United States", "73301"], ["Lisbon", "Portugal", "1100-148"], ["Osaka", "Japan", "530-0001"], ["Toronto", "Canada", "M5H 2N2"]];
const STREETS = ["Main Street", "Harbour Road", "Market Square", "Pine Avenue", "King's Way"];

// Record timestamps spread over 2025–mid 2026, update never before add.
function times(random: Prng): { add_time: string; update_time: string } {
  const add = EPOCH + random.int(0, 480) * DAY + random.int(0, DAY / 1000 - 1) * 1000;
  const update = add + random.int(0, 60) * DAY + random.int(0, 3600) * 1000;
  return { add_time: rfc3339(add), update_time: rfc3339(update) };
}

function address(random: Prng): Record<string, string | null> {
  const [locality, country, postal_code] = random.pick(CITIES);
  const route = random.pick(STREETS);
  const street_number = String(random.int(1, 240));
  const value = `${route} ${street_number}, ${postal_code} ${locality}, ${country}`;
  return {
    value, route, street_number, subpremise: null, locality, sublocality: null, admin_area_level_1: null,
    admin_area_level_2: null, country, postal_code, formatted_address: value,
  };
}

function makeOrganizations(random: Prng): StoredRecord[] {
  const f = (label: string) => fieldCode("organization", label);
  const result: StoredRecord[] = [];
  for (let id = 1; id <= DEMO_COUNTS.organization; id++) {
    const name = `${ORG_A[(id - 1) % ORG_A.length]} ${ORG_B[Math.floor((id - 1) / ORG_A.length) % ORG_B.length]} ${random.pick(ORG_C)}`;
    const custom: Record<string, unknown> = {};
    if (random.chance(0.85)) custom[f("Industry Segment")] = 211 + random.int(0, 4);
    if (random.chance(0.7)) custom[f("Regions")] = pickSet(random, [221, 222, 223, 224]);
    if (random.chance(0.6)) custom[f("HQ Address")] = address(random);
    if (random.chance(0.8)) custom[f("Website URL")] = `https://www.${name.split(" ")[0]!.toLowerCase()}${id}.test`;
    if (random.chance(0.75)) custom[f("Headcount")] = random.int(5, 20_000);
    if (id > 20 && random.chance(0.15)) custom[f("Parent Company")] = random.int(1, 20);
    result.push({
      id, name, owner_id: random.pick(OWNERS), ...times(random), is_deleted: false, visible_to: 3,
      address: random.chance(0.8) ? address(random) : null, label_ids: [], custom_fields: custom,
    });
  }
  return result;
}

// A non-empty subset of the option ids, in option order.
function pickSet(random: Prng, ids: number[]): number[] {
  const chosen = ids.filter(() => random.chance(0.4));
  return chosen.length > 0 ? chosen : [random.pick(ids)];
}

function makePersons(random: Prng, organizations: StoredRecord[]): StoredRecord[] {
  const f = (label: string) => fieldCode("person", label);
  const result: StoredRecord[] = [];
  for (let id = 1; id <= DEMO_COUNTS.person; id++) {
    const first_name = FIRST[(id - 1) % FIRST.length] as string;
    const last_name = LAST[Math.floor((id - 1) / FIRST.length) % LAST.length] as string;
    const org = random.chance(0.85) ? (organizations[(id * 7) % organizations.length] as StoredRecord) : null;
    const domain = org ? `${String(org.name).split(" ")[0]!.toLowerCase()}${org.id}.test` : "mail.test";
    const emails = [{ value: `${first_name}.${last_name}.${id}@${domain}`.toLowerCase(), primary: true, label: "work" }];
    if (random.chance(0.35)) emails.push({ value: `${first_name}${id}@home.test`.toLowerCase(), primary: false, label: "home" });
    const phones = random.chance(0.8) ? [{ value: `+372 5${String(id).padStart(3, "0")} ${random.int(1000, 9999)}`, primary: true, label: random.pick(["work", "mobile"]) }] : [];
    const custom: Record<string, unknown> = {};
    if (random.chance(0.85)) custom[f("Lead Source")] = 111 + random.int(0, 4);
    if (random.chance(0.6)) custom[f("Interests")] = pickSet(random, [121, 122, 123, 124]);
    if (random.chance(0.6)) custom[f("LinkedIn Profile")] = `https://www.linkedin.test/in/${first_name.toLowerCase()}-${last_name.toLowerCase()}-${id}`;
    if (random.chance(0.7)) custom[f("Customer Since")] = isoDate(EPOCH - random.int(30, 1500) * DAY);
    if (random.chance(0.65)) custom[f("Lifetime Value")] = { value: random.int(1, 500) * 100, currency: random.pick(["USD", "EUR"]) };
    if (random.chance(0.7)) custom[f("Account Manager")] = random.pick(OWNERS);
    if (random.chance(0.5)) custom[f("Mobile Region")] = `+${random.pick(["372", "49", "1", "351"])} ${random.int(100, 999)} ${random.int(1000, 9999)}`;
    if (random.chance(0.4)) custom[f("Background")] = `${first_name} met us at ${random.pick(["a trade fair", "a webinar", "a partner dinner", "our booth"])}.\nInterested in a pilot.`;
    result.push({
      id, name: `${first_name} ${last_name}`, first_name, last_name, owner_id: random.pick(OWNERS),
      org_id: org ? org.id : null, ...times(random), emails, phones, is_deleted: false, visible_to: 3, label_ids: [],
      picture_id: null, job_title: random.chance(0.5) ? random.pick(["CTO", "Buyer", "Head of Sales", "Engineer", "CFO"]) : null,
      birthday: null, notes: random.chance(0.2) ? `Prefers ${random.pick(["email", "calls", "meetings"])}` : null,
      postal_address: null, im: [], custom_fields: custom,
    });
  }
  return result;
}

function makeDeals(random: Prng, persons: StoredRecord[], organizations: StoredRecord[]): StoredRecord[] {
  const f = (label: string) => fieldCode("deal", label);
  const result: StoredRecord[] = [];
  for (let id = 1; id <= DEMO_COUNTS.deal; id++) {
    const person = random.chance(0.9) ? (persons[(id * 13) % persons.length] as StoredRecord) : null;
    const orgId = person?.org_id ?? (random.chance(0.6) ? (organizations[(id * 11) % organizations.length] as StoredRecord).id : null);
    const status = random.chance(0.55) ? "open" : random.chance(0.6) ? "won" : "lost";
    const stamp = times(random);
    const closed = Date.parse(stamp.update_time);
    const custom: Record<string, unknown> = {};
    if (random.chance(0.8)) custom[f("Deal Source")] = 311 + random.int(0, 2);
    if (random.chance(0.5)) custom[f("Competitors")] = pickSet(random, [321, 322, 323]);
    if (random.chance(0.7)) custom[f("Contract Length")] = random.pick([6, 12, 24, 36]);
    if (random.chance(0.5)) custom[f("Renewal Date")] = isoDate(closed + random.int(180, 720) * DAY);
    if (person && random.chance(0.5)) custom[f("Champion")] = person.id;
    if (random.chance(0.4)) custom[f("Kickoff Time")] = { value: `${String(random.int(8, 17)).padStart(2, "0")}:00:00`, timezone_id: timezoneId("Europe/London"), timezone_name: "Europe/London" };
    result.push({
      id, title: `${person ? person.name : "New"} — ${random.pick(["Platform licence", "Pilot", "Renewal", "Expansion", "Support plan"])}`,
      owner_id: random.pick(OWNERS), creator_user_id: 1001, person_id: person ? person.id : null, org_id: orgId,
      pipeline_id: 1, stage_id: random.int(1, 5), value: random.int(1, 200) * 250, currency: random.pick(["USD", "EUR"]),
      ...stamp, stage_change_time: stamp.update_time, is_deleted: false, is_archived: false, status,
      probability: null, lost_reason: status === "lost" ? random.pick(["No budget", "Chose a competitor", "No decision"]) : null,
      visible_to: 3, close_time: status === "open" ? null : rfc3339(closed), won_time: status === "won" ? rfc3339(closed) : null,
      lost_time: status === "lost" ? rfc3339(closed) : null,
      expected_close_date: random.chance(0.8) ? isoDate(Date.parse(stamp.add_time) + random.int(14, 180) * DAY) : null,
      label_ids: [], origin: "ManuallyCreated", origin_id: null, channel: null, channel_id: null,
      arr: null, mrr: null, acv: null, custom_fields: custom,
    });
  }
  return result;
}

function makeActivities(random: Prng, persons: StoredRecord[], deals: StoredRecord[], types: { key_string: string; active_flag: boolean }[]): StoredRecord[] {
  const f = (label: string) => fieldCode("activity", label);
  const keys = types.filter((t) => t.active_flag).map((t) => t.key_string);
  const result: StoredRecord[] = [];
  for (let id = 1; id <= DEMO_COUNTS.activity; id++) {
    const deal = random.chance(0.35) ? (deals[(id * 3) % deals.length] as StoredRecord) : null;
    const person = deal?.person_id ? (persons[(deal.person_id as number) - 1] as StoredRecord) : random.chance(0.9) ? (persons[(id * 17) % persons.length] as StoredRecord) : null;
    const participants = person ? [{ person_id: person.id, primary: true }] : [];
    const secondId = person ? ((person.id * 31) % persons.length) + 1 : 0;
    if (person && secondId !== person.id && random.chance(0.2)) participants.push({ person_id: secondId, primary: false });
    const type = random.pick(keys);
    const stamp = times(random);
    const due = Date.parse(stamp.add_time) + random.int(-10, 60) * DAY;
    const done = random.chance(0.5);
    const dueTime = random.chance(0.8) ? `${String(random.int(7, 18)).padStart(2, "0")}:${random.pick(["00", "15", "30", "45"])}` : null;
    const custom: Record<string, unknown> = {};
    if (done && random.chance(0.6)) custom[f("Outcome Score")] = random.int(1, 10);
    if (type === "meeting" && random.chance(0.7)) custom[f("Meeting Notes URL")] = `https://notes.test/meetings/${id}`;
    result.push({
      id, subject: `${type[0]!.toUpperCase()}${type.slice(1)} with ${person ? person.name : "the team"}`, type,
      owner_id: random.pick(OWNERS), creator_user_id: random.pick(OWNERS), is_deleted: false, ...stamp,
      deal_id: deal ? deal.id : null, lead_id: null, person_id: person ? person.id : null,
      org_id: person ? person.org_id : deal ? deal.org_id : null, project_id: null,
      due_date: isoDate(due), due_time: dueTime, duration: dueTime ? random.pick(["00:30", "01:00", "00:15"]) : null,
      busy: random.chance(0.5), done, marked_as_done_time: done ? rfc3339(due + random.int(1, 48) * 3_600_000) : null,
      location: null, participants, public_description: null, priority: null,
      note: random.chance(0.3) ? "<p>Agenda: pricing and next steps</p>" : null, custom_fields: custom,
    });
  }
  return result;
}
