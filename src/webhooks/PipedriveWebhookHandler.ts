/**
 * `POST /webhooks/pipedrive`: Pipedrive v2 webhooks keep the shared caches coherent. A `user` event drops the
 * cached users list, a `*Field` event (personField, dealField…) the cached field lists, an `activityType`
 * event the activity types. Record events (person, deal…) need nothing: the gateway caches no records
 * beyond one request. Each event is handled once per `meta.id` (Pipedrive retries deliveries); a replay is
 * answered 200 and changes nothing. HTTP basic auth with WEBHOOK_USER / WEBHOOK_PASSWORD.
 *
 * @example
 *   const webhooks = new PipedriveWebhookHandler({ credentials, invalidate: (w) => client.invalidate(w), store, prefix });
 *   const { status, body } = await webhooks.handle(req.headers.authorization, rawBody);
 */
import { timingSafeEqual, createHash } from "node:crypto";
import { z } from "zod";
import type { AtomicStore } from "../state/AtomicStore.ts";

export type Invalidation = "users" | "fields" | "activityTypes";

export interface WebhookResult {
  status: number;
  body: Record<string, unknown>;
  /** What the event was, for the log line (no personal data: entity, action and ids only). */
  event?: { id: string; entity: string; action: string; entityId: string | undefined };
}

export interface PipedriveWebhookHandlerOptions {
  credentials: { user: string; password: string };
  invalidate(what: Invalidation): Promise<void>;
  /** Remembers handled event ids (shared by replicas when it is Redis). */
  store: AtomicStore;
  prefix: string;
  /** How long an event id is remembered: default 24 h (Pipedrive's retries end within minutes). */
  rememberMs?: number;
}

const idLike = z.union([z.string().min(1), z.number()]).transform(String);
const payloadSchema = z.object({
  meta: z.looseObject({
    action: z.string().min(1),
    entity: z.string().min(1),
    entity_id: idLike.optional(),
    id: idLike,
  }),
});

export class PipedriveWebhookHandler {
  readonly #options: PipedriveWebhookHandlerOptions;
  readonly #expected: Buffer;

  constructor(options: PipedriveWebhookHandlerOptions) {
    this.#options = options;
    this.#expected = digest(`${options.credentials.user}:${options.credentials.password}`);
  }

  async handle(authorization: string | undefined, body: string): Promise<WebhookResult> {
    if (!this.#authorized(authorization)) {
      return { status: 401, body: { error: "Webhook credentials missing or wrong: send HTTP basic auth with WEBHOOK_USER and WEBHOOK_PASSWORD." } };
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return { status: 400, body: { error: "The webhook body must be JSON (a Pipedrive v2 webhook payload)." } };
    }
    const parsed = payloadSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => i.path.join(".") || "(body)").join(", ");
      return { status: 400, body: { error: `Not a Pipedrive v2 webhook payload: missing or invalid ${where} (expected meta.action, meta.entity, meta.id).` } };
    }
    const { meta } = parsed.data;
    const event = { id: meta.id, entity: meta.entity, action: meta.action, entityId: meta.entity_id };
    const key = `${this.#options.prefix}:webhook:${createHash("sha256").update(meta.id).digest("hex")}`;
    const first = await this.#options.store.setIfAbsent(key, "1", this.#options.rememberMs ?? 24 * 3600 * 1000);
    if (!first) return { status: 200, body: { ok: true, replay: true, invalidated: [] }, event };

    const invalidated = invalidationsFor(meta.entity);
    try {
      for (const what of invalidated) await this.#options.invalidate(what);
    } catch (error) {
      // Forget the event so Pipedrive's retry gets another chance to invalidate.
      await this.#options.store.deleteIfEquals(key, "1").catch(() => false);
      throw error;
    }
    return { status: 200, body: { ok: true, replay: false, invalidated }, event };
  }

  #authorized(header: string | undefined): boolean {
    const encoded = header?.match(/^\s*Basic\s+(\S+)\s*$/i)?.[1];
    if (!encoded) return false;
    return timingSafeEqual(digest(Buffer.from(encoded, "base64").toString("utf8")), this.#expected);
  }
}

/** Which shared caches an event about `entity` makes stale. */
export function invalidationsFor(entity: string): Invalidation[] {
  const e = entity.toLowerCase();
  if (e === "user") return ["users"];
  if (e.endsWith("field") || e.endsWith("fields")) return ["fields"];
  if (e === "activitytype" || e === "activity_type") return ["activityTypes"];
  return [];
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
