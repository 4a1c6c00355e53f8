import { z } from "zod";
import { crudRoutes } from "../crudRoutes.ts";
import { parseCustomFields } from "../customFieldValues.ts";
import { intFilter } from "../listRecords.ts";
import { parseBody } from "../parseBody.ts";
import { requireUser } from "../references.ts";
import type { Route } from "../Router.ts";
import type { Store } from "../Store.ts";
import type { StoredRecord } from "../types.ts";
import { addressInput, customFieldsInput, id, labelIds, timestamp, visibleTo } from "../writeSchemas.ts";

const organizationBody = z.object({
  name: z.string().min(1),
  owner_id: id.optional(),
  add_time: timestamp.optional(),
  visible_to: visibleTo.optional(),
  label_ids: labelIds.optional(),
  address: addressInput.nullable().optional(),
  custom_fields: customFieldsInput.optional(),
});
type OrganizationBody = Partial<z.infer<typeof organizationBody>>;

const ADDRESS_KEYS = ["value", "country", "admin_area_level_1", "admin_area_level_2", "locality", "sublocality", "route", "street_number", "subpremise", "postal_code", "formatted_address"] as const;

/**
 * The v2 organizations routes: GET/POST /organizations, GET/PATCH/DELETE /organizations/{id}, filter
 * owner_id. `name` is required on create; an address's omitted parts become null (on POST and PATCH).
 *
 * @example
 *   new Router(organizationRoutes(store));
 */
export function organizationRoutes(store: Store): Route[] {
  return crudRoutes(store, {
    entity: "organization",
    path: "/organizations",
    label: "Organization",
    sortFields: ["id", "update_time", "add_time"],
    filters: [intFilter("owner_id")],
    create(raw) {
      const body = parseBody(organizationBody, raw);
      const record: StoredRecord = {
        id: 0, name: "", owner_id: 1001, add_time: body.add_time ?? "", update_time: "", is_deleted: false,
        visible_to: 3, address: null, label_ids: [], custom_fields: {},
      };
      return apply(store, record, body);
    },
    update(raw, record) {
      return apply(store, record, parseBody(organizationBody.partial().omit({ add_time: true }), raw));
    },
  });
}

function apply(store: Store, record: StoredRecord, body: OrganizationBody): StoredRecord {
  if (body.owner_id !== undefined) requireUser(store, "owner_id", body.owner_id);
  const { address, custom_fields, add_time: _addTime, ...plain } = body;
  Object.assign(record, plain);
  if (address !== undefined) {
    record.address = address === null ? null : Object.fromEntries(ADDRESS_KEYS.map((k) => [k, address[k] ?? null]));
  }
  Object.assign(record.custom_fields, parseCustomFields(store, "organization", custom_fields));
  return record;
}
