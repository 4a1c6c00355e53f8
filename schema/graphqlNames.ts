/**
 * The GraphQL names an IR object produces, in one place so the SDL and the resolvers agree.
 *
 * @example
 *   graphqlNames("Activity").connection; // "activities"
 *   graphqlNames("Contact").createInput; // "CreateContactInput"
 */
export interface GraphqlNames {
  readonly lookup: string; // contact
  readonly connection: string; // contacts
  readonly search: string; // searchContacts
  readonly create: string; // createContact
  readonly update: string; // updateContact
  readonly payloadField: string; // contact
  readonly connectionType: string; // ContactConnection
  readonly edgeType: string; // ContactEdge
  readonly filterInput: string; // ContactFilter
  readonly createInput: string;
  readonly updateInput: string;
  readonly createPayload: string;
  readonly updatePayload: string;
}

// English plurals of the object names we ship (Activity → Activities, Company → Companies).
function plural(name: string): string {
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(name)) return `${name}es`;
  return `${name}s`;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function graphqlNames(object: string): GraphqlNames {
  const many = plural(object);
  return {
    lookup: lowerFirst(object),
    connection: lowerFirst(many),
    search: `search${many}`,
    create: `create${object}`,
    update: `update${object}`,
    payloadField: lowerFirst(object),
    connectionType: `${object}Connection`,
    edgeType: `${object}Edge`,
    filterInput: `${object}Filter`,
    createInput: `Create${object}Input`,
    updateInput: `Update${object}Input`,
    createPayload: `Create${object}Payload`,
    updatePayload: `Update${object}Payload`,
  };
}
