import type { SandboxPipeline, SandboxStage } from "./types.ts";

/**
 * The demo account's one pipeline (id 1, the default: lowest order_nr) and its five stages (ids 1–5, in
 * order), where every demo deal sits. Probabilities rise along the pipeline; the last two stages rot.
 *
 * @example
 *   demoPipelines().stages.find((s) => s.id === 3)?.name; // "Demo Scheduled"
 */
export function demoPipelines(): { pipelines: SandboxPipeline[]; stages: SandboxStage[] } {
  const created = "2024-12-02T09:00:00Z";
  const pipelines: SandboxPipeline[] = [
    { id: 1, name: "Sales Pipeline", order_nr: 1, is_deleted: false, is_deal_probability_enabled: true, add_time: created, update_time: "2025-01-06T10:15:00Z" },
  ];
  const stages: [string, number, number | null][] = [
    ["Lead In", 10, null],
    ["Contact Made", 25, null],
    ["Demo Scheduled", 50, null],
    ["Proposal Made", 75, 14],
    ["Negotiations Started", 90, 7],
  ];
  return {
    pipelines,
    stages: stages.map(([name, deal_probability, days_to_rotten], i) => ({
      id: i + 1, order_nr: i + 1, name, is_deleted: false, deal_probability, pipeline_id: 1,
      is_deal_rot_enabled: days_to_rotten !== null, days_to_rotten, add_time: created, update_time: created,
    })),
  };
}
