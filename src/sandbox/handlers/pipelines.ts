import { ApiError } from "../ApiError.ts";
import { itemEnvelope } from "../envelope.ts";
import { listStatic } from "../listStatic.ts";
import { intParam } from "../queryParams.ts";
import type { Route } from "../Router.ts";
import type { Store } from "../Store.ts";

/**
 * The v2 pipelines and stages routes, read-only: GET /pipelines (sort_by id, update_time, add_time),
 * GET /pipelines/{id}, GET /stages (filter pipeline_id; sort_by also order_nr) and GET /stages/{id}.
 * POST, PATCH and DELETE on these paths answer 405 like every method the sandbox does not serve.
 *
 * @example
 *   new Router(pipelineRoutes(store)); // GET /api/v2/stages?pipeline_id=1&sort_by=order_nr
 */
export function pipelineRoutes(store: Store): Route[] {
  return [
    { api: "v2", method: "GET", path: "/pipelines", handle: ({ query }) => listStatic(store.pipelines, query, ["id", "update_time", "add_time"]) },
    {
      api: "v2", method: "GET", path: "/pipelines/{id}",
      handle: ({ params }) => {
        const id = pathId("pipeline", params.id);
        const pipeline = store.pipelines.find((p) => p.id === id);
        if (!pipeline) throw ApiError.notFound(`Pipeline ${id}`);
        return { body: itemEnvelope(structuredClone(pipeline)) };
      },
    },
    {
      api: "v2", method: "GET", path: "/stages",
      handle: ({ query }) => {
        const pipelineId = intParam(query, "pipeline_id");
        const stages = pipelineId === undefined ? store.stages : store.stages.filter((s) => s.pipeline_id === pipelineId);
        return listStatic(stages, query, ["id", "update_time", "add_time", "order_nr"]);
      },
    },
    {
      api: "v2", method: "GET", path: "/stages/{id}",
      handle: ({ params }) => {
        const id = pathId("stage", params.id);
        const stage = store.stages.find((s) => s.id === id);
        if (!stage) throw ApiError.notFound(`Stage ${id}`);
        return { body: itemEnvelope(structuredClone(stage)) };
      },
    },
  ];
}

function pathId(what: string, raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw ApiError.badRequest(`The ${what} id in the path must be a positive integer, got ${JSON.stringify(raw ?? "")}`);
  return Number(raw);
}
