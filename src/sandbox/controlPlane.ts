import { z } from "zod";
import { Faults } from "./Faults.ts";
import type { RequestLog } from "./RequestLog.ts";
import { sandboxConfigSchema, type SandboxConfig, type SandboxSettings } from "./sandboxConfig.ts";
import type { Store } from "./Store.ts";

export interface ControlTarget {
  log: RequestLog;
  faults: Faults;
  store: Store;
  config(partial: SandboxConfig): SandboxSettings;
  settings(): SandboxSettings;
  reset(): void;
}

const entity = z.enum(["person", "organization", "deal", "activity"]);
const fieldCommand = z.discriminatedUnion("op", [
  z.object({ op: z.literal("rename"), entity, label: z.string(), newLabel: z.string().min(1) }),
  z.object({ op: z.literal("remove"), entity, label: z.string() }),
  z.object({
    op: z.literal("add"), entity,
    field: z.object({ field_name: z.string().min(1), field_type: z.string().min(1), options: z.array(z.string()).optional() }),
  }),
]);

/**
 * The HTTP control plane under /__sandbox/ (no token), so a benchmark in another process can drive the
 * sandbox: GET|DELETE /__sandbox/log, POST /__sandbox/reset, POST|DELETE /__sandbox/faults,
 * GET|POST /__sandbox/config, POST /__sandbox/fields ({op: "rename"|"remove"|"add", entity, ...}).
 * Returns the status and JSON body to send; a bad command is a 400 with `{error}`.
 *
 * @example
 *   await fetch(`${url}/__sandbox/faults`, { method: "POST", body: JSON.stringify({ path: "/api/v2/deals", status: 503 }) });
 */
export function controlPlane(target: ControlTarget, method: string, path: string, body: unknown): { status: number; body: unknown } {
  const route = `${method} ${path.replace(/\/$/, "")}`;
  try {
    switch (route) {
      case "GET /__sandbox/log":
        return ok({ entries: target.log.entries() });
      case "DELETE /__sandbox/log":
        target.log.clear();
        return ok({ cleared: true });
      case "POST /__sandbox/reset":
        target.reset();
        return ok({ reset: true });
      case "POST /__sandbox/faults":
        target.faults.inject(body as never);
        return ok({ injected: true });
      case "DELETE /__sandbox/faults":
        target.faults.clear();
        return ok({ cleared: true });
      case "GET /__sandbox/config":
        return ok(target.settings());
      case "POST /__sandbox/config": {
        const parsed = sandboxConfigSchema.safeParse(body);
        if (!parsed.success) return bad(`Invalid config ${JSON.stringify(body)}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`);
        return ok(target.config(parsed.data));
      }
      case "POST /__sandbox/fields": {
        const parsed = fieldCommand.safeParse(body);
        if (!parsed.success) return bad(`Invalid field command ${JSON.stringify(body)}: expected {op:"rename",entity,label,newLabel} | {op:"remove",entity,label} | {op:"add",entity,field:{field_name,field_type,options?}}`);
        const c = parsed.data;
        if (c.op === "rename") return ok(target.store.renameField(c.entity, c.label, c.newLabel));
        if (c.op === "remove") {
          target.store.removeField(c.entity, c.label);
          return ok({ removed: true });
        }
        return ok(target.store.addField(c.entity, c.field));
      }
      default:
        return { status: 404, body: { error: `Unknown control-plane route ${route}` } };
    }
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  }
}

const ok = (body: unknown) => ({ status: 200, body });
const bad = (error: string) => ({ status: 400, body: { error } });
