/**
 * The Date, DateTime and Time scalars: strings on the wire, checked on the way in so a bad literal fails
 * validation with a message that shows the expected shape.
 *
 * @example
 *   makeExecutableSchema({ typeDefs, resolvers: [scalarResolvers, …] });
 */
import { GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { GatewayError } from "./GatewayError.ts";

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

function isRealDate(text: string): boolean {
  const d = new Date(`${text.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text.slice(0, 10);
}

/** The scalars' descriptions, shared with printSdl so the SDL and the executable schema agree. */
export const SCALAR_DESCRIPTIONS = {
  Date: "A calendar date, YYYY-MM-DD.",
  DateTime: "A point in time, RFC 3339 (2026-03-01T09:30:00Z).",
  Time: "A time of day, HH:MM or HH:MM:SS.",
} as const;

function scalar(name: keyof typeof SCALAR_DESCRIPTIONS, shape: string, ok: (s: string) => boolean): GraphQLScalarType {
  const parse = (value: unknown): string => {
    if (typeof value !== "string" || !ok(value)) throw GatewayError.badInput(undefined, `${name} must be ${shape}; got ${JSON.stringify(value)}.`);
    return value;
  };
  return new GraphQLScalarType({
    name,
    description: SCALAR_DESCRIPTIONS[name],
    serialize: (value) => (value === null || value === undefined ? null : String(value)),
    parseValue: parse,
    parseLiteral: (node: ValueNode) => parse(node.kind === Kind.STRING ? node.value : `<${node.kind}>`),
  });
}

export const scalarResolvers = {
  Date: scalar("Date", "a calendar date YYYY-MM-DD", (s) => DATE.test(s) && isRealDate(s)),
  DateTime: scalar("DateTime", "an RFC 3339 date-time such as 2026-03-01T09:30:00Z", (s) => DATE_TIME.test(s) && isRealDate(s) && !Number.isNaN(Date.parse(s))),
  Time: scalar("Time", "a time of day HH:MM or HH:MM:SS", (s) => TIME.test(s)),
};
