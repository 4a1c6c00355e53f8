/**
 * The IR indexed the way resolvers look things up: objects by name, enums by name, fields by name.
 *
 * @example
 *   const model = new GatewayModel(ir);
 *   model.object("Contact").entity; // "Person"
 */
import type { IR, IREnum, IRField, IRObject } from "../dsl/ir.ts";

export class GatewayModel {
  readonly ir: IR;
  readonly enums: ReadonlyMap<string, IREnum>;
  readonly #objects: ReadonlyMap<string, IRObject>;

  constructor(ir: IR) {
    this.ir = ir;
    this.enums = new Map(ir.enums.map((e) => [e.name, e]));
    this.#objects = new Map(ir.objects.map((o) => [o.name, o]));
  }

  object(name: string): IRObject {
    const object = this.#objects.get(name);
    if (!object) throw new Error(`The IR has no object ${JSON.stringify(name)}`);
    return object;
  }

  field(object: IRObject, name: string): IRField {
    const field = object.fields.find((f) => f.name === name);
    if (!field) throw new Error(`${object.name} has no field ${JSON.stringify(name)}`);
    return field;
  }
}
