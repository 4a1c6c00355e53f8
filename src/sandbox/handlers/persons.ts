import { z } from "zod";
import { ApiError } from "../ApiError.ts";
import { crudRoutes } from "../crudRoutes.ts";
import { parseCustomFields } from "../customFieldValues.ts";
import { labeledList } from "../labeledList.ts";
import { intFilter } from "../listRecords.ts";
import { parseBody } from "../parseBody.ts";
import { requireRecord, requireUser } from "../references.ts";
import type { Route } from "../Router.ts";
import type { Store } from "../Store.ts";
import type { StoredRecord } from "../types.ts";
import { addressInput, calendarDate, customFieldsInput, id, labeledValue, labelIds, timestamp, visibleTo } from "../writeSchemas.ts";

const personBody = z.object({
  name: z.string().min(1).optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  owner_id: id.optional(),
  org_id: id.nullable().optional(),
  add_time: timestamp.optional(),
  emails: z.array(labeledValue).optional(),
  phones: z.array(labeledValue).optional(),
  im: z.array(labeledValue).optional(),
  visible_to: visibleTo.optional(),
  label_ids: labelIds.optional(),
  job_title: z.string().nullable().optional(),
  birthday: calendarDate.nullable().optional(),
  notes: z.string().max(10_000).nullable().optional(),
  postal_address: addressInput.nullable().optional(),
  custom_fields: customFieldsInput.optional(),
});
type PersonBody = z.infer<typeof personBody>;

/**
 * The v2 persons routes: GET/POST /persons, GET/PATCH/DELETE /persons/{id}. Filters owner_id, org_id and
 * deal_id (persons who are a deal's contact person). A write takes `name` or `first_name` + `last_name`
 * and keeps the three consistent.
 *
 * @example
 *   new Router(personRoutes(store));
 */
export function personRoutes(store: Store): Route[] {
  return crudRoutes(store, {
    entity: "person",
    path: "/persons",
    label: "Person",
    sortFields: ["id", "update_time", "add_time"],
    filters: [
      intFilter("owner_id"),
      intFilter("org_id"),
      { name: "deal_id", read: intFilter("deal_id").read, test: (r: StoredRecord, dealId: number) => store.records.deal.get(dealId)?.person_id === r.id },
    ],
    create(raw) {
      const body = parseBody(personBody, raw);
      if (body.name === undefined && body.first_name === undefined && body.last_name === undefined) {
        throw ApiError.badRequest("name is required to create a person", "Send name, or first_name and last_name.");
      }
      const record: StoredRecord = {
        id: 0, name: "", first_name: "", last_name: "", owner_id: 1001, org_id: null, add_time: body.add_time ?? "",
        update_time: "", emails: [], phones: [], is_deleted: false, visible_to: 3,
        label_ids: [], picture_id: null, job_title: null, birthday: null, notes: null, postal_address: null, im: [], custom_fields: {},
      };
      return apply(store, record, body);
    },
    update(raw, record) {
      return apply(store, record, parseBody(personBody.omit({ add_time: true }), raw));
    },
  });
}

function apply(store: Store, record: StoredRecord, body: PersonBody): StoredRecord {
  if (body.owner_id !== undefined) requireUser(store, "owner_id", body.owner_id);
  if (body.org_id !== undefined && body.org_id !== null) requireRecord(store, "org_id", "organization", body.org_id);
  const { name, first_name, last_name, emails, phones, im, custom_fields, add_time: _addTime, ...plain } = body;
  Object.assign(record, plain);
  if (first_name !== undefined || last_name !== undefined) {
    record.first_name = first_name ?? record.first_name;
    record.last_name = last_name ?? record.last_name;
    record.name = name ?? [record.first_name, record.last_name].filter((p) => p !== "").join(" ");
  } else if (name !== undefined) {
    const space = name.indexOf(" ");
    record.name = name;
    record.first_name = space === -1 ? name : name.slice(0, space);
    record.last_name = space === -1 ? "" : name.slice(space + 1);
  }
  if (record.name === "") throw ApiError.badRequest("A person's name can not be empty", "Send a non-empty name or first_name.");
  if (emails !== undefined) record.emails = labeledList("emails", emails);
  if (phones !== undefined) record.phones = labeledList("phones", phones);
  if (im !== undefined) record.im = labeledList("im", im);
  Object.assign(record.custom_fields, parseCustomFields(store, "person", custom_fields));
  return record;
}
