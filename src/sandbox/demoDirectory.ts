import type { SandboxActivityType, SandboxUser } from "./types.ts";

/**
 * The demo account's users (ids 1001–1005; 1001 is the token's user and an admin; 1005 is deactivated)
 * and activity types (six defaults, plus "demo" active and "webinar" inactive), as the v1 API returns them.
 *
 * @example
 *   demoUsers().find((u) => u.is_you)?.name; // "Ada Lovelace"
 */
export function demoUsers(): SandboxUser[] {
  const people: [number, string, string, boolean, string][] = [
    [1001, "Ada Lovelace", "ada@bedrock-demo.test", true, "Europe/London"],
    [1002, "Grace Hopper", "grace@bedrock-demo.test", true, "America/New_York"],
    [1003, "Alan Turing", "alan@bedrock-demo.test", true, "Europe/London"],
    [1004, "Katherine Johnson", "katherine@bedrock-demo.test", true, "America/New_York"],
    [1005, "Edsger Dijkstra", "edsger@bedrock-demo.test", false, "Europe/Amsterdam"],
  ];
  return people.map(([id, name, email, active, zone], i) => ({
    id,
    name,
    default_currency: "USD",
    locale: "en_US",
    lang: 1,
    email,
    phone: null,
    activated: active,
    last_login: `2026-0${i + 1}-1${i} 09:30:00`,
    created: `2024-0${i + 1}-0${i + 1} 08:00:00`,
    modified: `2025-0${i + 1}-1${i} 12:00:00`,
    has_created_company: id === 1001,
    access: [{ app: "sales", admin: id === 1001, permission_set_id: id === 1001 ? "admin-set" : "regular-set" }],
    active_flag: active,
    timezone_name: zone,
    timezone_offset: zone.startsWith("America") ? "-05:00" : zone === "Europe/London" ? "+00:00" : "+01:00",
    role_id: id === 1001 ? 1 : 2,
    icon_url: null,
    is_you: id === 1001,
    is_deleted: false,
  }));
}

export function demoActivityTypes(): SandboxActivityType[] {
  const types: [string, string, string, boolean, boolean][] = [
    ["call", "Call", "call", true, false],
    ["meeting", "Meeting", "meeting", true, false],
    ["task", "Task", "task", true, false],
    ["deadline", "Deadline", "deadline", true, false],
    ["email", "Email", "email", true, false],
    ["lunch", "Lunch", "lunch", true, false],
    ["demo", "Demo", "presentation", true, true],
    ["webinar", "Webinar", "camera", false, true],
  ];
  return types.map(([key_string, name, icon_key, active_flag, is_custom_flag], i) => ({
    id: i + 1,
    name,
    icon_key,
    color: is_custom_flag ? "ffc107" : "",
    order_nr: i + 1,
    key_string,
    active_flag,
    is_custom_flag,
    add_time: "2024-01-01 08:00:00",
    update_time: is_custom_flag ? "2025-02-01 10:00:00" : "2024-01-01 08:00:00",
  }));
}
