import { ApiError } from "../ApiError.ts";
import { itemEnvelope } from "../envelope.ts";
import type { Route } from "../Router.ts";
import type { Store } from "../Store.ts";

const COMPANY = {
  company_id: 7_700_001,
  company_name: "Bedrock Demo Ltd",
  company_domain: "bedrock-demo",
  company_country: "EE",
  company_industry: "Software",
  language: { language_code: "en", country_code: "US" },
};

/**
 * The v1 users routes: GET /v1/users (every user, deactivated ones included, no pagination),
 * GET /v1/users/{id} (404 `User not found or not accessible.`) and GET /v1/users/me (the token's user
 * with the company's details).
 *
 * @example
 *   new Router(userRoutes(store)); // GET /api/v1/users
 */
export function userRoutes(store: Store): Route[] {
  return [
    { api: "v1", method: "GET", path: "/users", handle: () => ({ body: itemEnvelope(structuredClone(store.users)) }) },
    {
      api: "v1", method: "GET", path: "/users/me",
      handle: () => ({ body: itemEnvelope({ ...structuredClone(store.users.find((u) => u.is_you)), ...COMPANY }) }),
    },
    {
      api: "v1", method: "GET", path: "/users/{id}",
      handle: ({ params }) => {
        const user = /^\d+$/.test(params.id ?? "") ? store.users.find((u) => u.id === Number(params.id)) : undefined;
        if (!user) throw new ApiError(404, "User not found or not accessible.", `No user with id ${JSON.stringify(params.id)}; GET /api/v1/users lists them.`);
        return { body: itemEnvelope(structuredClone(user)) };
      },
    },
  ];
}
