import { beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { type SandboxClient, useSandbox } from "./sandboxClient.ts";

let sandbox: Sandbox;
let api: SandboxClient;
let now = 0;
useSandbox({ clock: () => now, burst: 10_000 }, (started) => ({ sandbox, api } = started));
beforeEach(() => {
  now = Date.UTC(2026, 10, 2, 8, 0, 0);
  sandbox.reset();
});

describe("activities", () => {
  it("done:true stamps marked_as_done_time with the server's now; done:false clears it", async () => {
    const created = await api.post("/api/v2/activities", { subject: "Call Jane", type: "call", participants: [{ person_id: 5, primary: true }], due_date: "2026-11-03", due_time: "09:30" });
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({ done: false, marked_as_done_time: null, person_id: 5, due_time: "09:30", type: "call", owner_id: 1001 });
    const id = created.body.data.id;
    now += 3_600_000;
    const done = await api.patch(`/api/v2/activities/${id}`, { done: true });
    expect(done.body.data).toMatchObject({ done: true, marked_as_done_time: "2026-11-02T09:00:00Z" });
    now += 3_600_000;
    const again = await api.patch(`/api/v2/activities/${id}`, { done: true, subject: "Call Jane (done)" });
    expect(again.body.data.marked_as_done_time).toBe("2026-11-02T09:00:00Z");
    const undone = await api.patch(`/api/v2/activities/${id}`, { done: false });
    expect(undone.body.data).toMatchObject({ done: false, marked_as_done_time: null });
  });

  it("create done:true stamps marked_as_done_time; a sent marked_as_done_time is read-only and ignored", async () => {
    const created = await api.post("/api/v2/activities", { subject: "Lunch", type: "lunch", done: true, marked_as_done_time: "2020-01-01T00:00:00Z" });
    expect(created.body.data.marked_as_done_time).toBe("2026-11-02T08:00:00Z");
  });

  it("make the primary participant the record's person_id; the first becomes primary when none is marked", async () => {
    const created = await api.post("/api/v2/activities", { type: "meeting", participants: [{ person_id: 8 }, { person_id: 9 }] });
    expect(created.body.data.participants).toEqual([{ person_id: 8, primary: true }, { person_id: 9, primary: false }]);
    expect(created.body.data.person_id).toBe(8);
    expect(created.body.data.subject).toBe("Meeting");
    const switched = await api.patch(`/api/v2/activities/${created.body.data.id}`, { participants: [{ person_id: 8, primary: false }, { person_id: 9, primary: true }] });
    expect(switched.body.data.person_id).toBe(9);
    const listed = await api.get(`/api/v2/activities?person_id=9&limit=500`);
    expect(listed.body.data.some((a: any) => a.id === created.body.data.id)).toBe(true);
    const twoPrimaries = await api.post("/api/v2/activities", { type: "call", participants: [{ person_id: 8, primary: true }, { person_id: 9, primary: true }] });
    expect(twoPrimaries.status).toBe(400);
    const missing = await api.post("/api/v2/activities", { type: "call", participants: [{ person_id: 99999, primary: true }] });
    expect(missing.status).toBe(400);
  });

  it("accept only active activity type keys", async () => {
    expect((await api.post("/api/v2/activities", { type: "demo" })).status).toBe(200);
    const inactive = await api.post("/api/v2/activities", { type: "webinar" });
    expect(inactive.status).toBe(400);
    expect(inactive.body.error).toBe('type must be the key_string of an active activity type, got "webinar"');
    expect((await api.post("/api/v2/activities", { type: "Call" })).status).toBe(400);
  });

  it("validate due_date, due_time, done and relations strictly", async () => {
    for (const body of [{ due_date: "03/11/2026" }, { due_time: "9:30" }, { done: "true" }, { deal_id: 99999 }, { org_id: "1" }, { owner_id: 1 }]) {
      const reply = await api.post("/api/v2/activities", { type: "task", ...body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("seed about half the demo activities done, each with marked_as_done_time", async () => {
    const all = await api.get("/api/v2/activities?limit=500");
    const done = all.body.data.filter((a: any) => a.done);
    expect(done.length / all.body.data.length).toBeGreaterThan(0.4);
    expect(done.length / all.body.data.length).toBeLessThan(0.6);
    expect(done.every((a: any) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(a.marked_as_done_time))).toBe(true);
    expect(new Set(all.body.data.map((a: any) => a.type)).size).toBeGreaterThanOrEqual(6);
  });
});
