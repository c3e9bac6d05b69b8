import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";
import { authentikCommunity, authentikEnv, type AuthentikCommunity } from "../../helpers/authentik-community.ts";
import { SyncScheduler } from "../../../server/features/sync/scheduler.ts";
import { SyncStore } from "../../../server/kernel/store/sync-store.ts";
import { silentLogger } from "../../helpers/silent-logger.ts";
import { accountOf, membershipIn, mxid, waitForJob } from "./helpers.ts";

const hs = inject("synapse");
const SECRET = "push-secret-0123456789abcdef";

describe("Authentik push endpoint and scheduled sync", () => {
  let community: AuthentikCommunity;
  let c: Community;
  let fake: FakeAuthentik;
  let dash: TestDashboard;
  let token: string;
  let scheduler: SyncScheduler;

  const push = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${dash.url}/api/sync/push`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

  beforeAll(async () => {
    community = await authentikCommunity(hs, {
      community: { extraRooms: 1 },
      fake: { groups: ["moderators", "gamers"] },
      people: [{ username: "ivy", name: "Ivy" }, { username: "jack", name: "Jack" }],
      env: { AUTHENTIK_WEBHOOK_SECRET: SECRET },
    });
    ({ c, fake, dash, token } = community);
    scheduler = new SyncScheduler(dash.ctx, silentLogger());
  });
  afterAll(() => community?.stop());

  it("rejects a push without the secret or with a wrong one", async () => {
    const pk = fake.user("ivy").pk;
    expect((await push({ pk })).status).toBe(401);
    const wrong = await push({ pk }, { "x-webhook-secret": `${SECRET}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe("Missing or wrong webhook secret.");
    expect((await push({ pk }, { authorization: "Bearer nope" })).status).toBe(401);
    expect(await accountOf(c, mxid(c, "ivy"))).toBeNull();
    expect(dash.logLines.join("\n")).not.toContain(SECRET);
  });

  it("refuses the secret in the query string, even the right one, and syncs no one", async () => {
    const pk = fake.user("ivy").pk;
    const inQuery = await fetch(`${dash.url}/api/sync/push?secret=${encodeURIComponent(SECRET)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pk }),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(inQuery.status).toBe(400);
    expect(inQuery.body.error).toMatchObject({ field: "secret" });
    expect(inQuery.body.error.message).toContain("query string");
    expect(inQuery.body.error.hint).toContain("X-Webhook-Secret");
    expect(await accountOf(c, mxid(c, "ivy"))).toBeNull();
    expect(dash.ctx.audit.list({ action: "sync.accounts" })).toEqual([]);
    expect(dash.logLines.join("\n")).not.toContain(SECRET);
  });

  it("holds a push while no moderator has applied a first sync, announces it, and a moderator applies that plan by id", async () => {
    const res = await push({ pk: fake.user("ivy").pk }, { "x-webhook-secret": SECRET });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ scope: "users", changes: 3, counts: { "create-account": 1, invite: 1, welcome: 1 }, jobId: null });
    expect(res.body.heldBecause).toContain("first sync");
    expect(await accountOf(c, mxid(c, "ivy"))).toBeNull();
    const notices = (await c.bot.client.messages(c.moderatorRoom.roomId)).filter((e) => e.sender === c.bot.userId && e.content.msgtype === "m.notice");
    const notice = notices.find((e) => e.content.body.includes(res.body.planId));
    expect(notice?.content.body).toContain("waits for a moderator: 3 changes");
    expect((await dash.api("GET", "/api/sync/status", { token })).body).toMatchObject({ firstApplyDone: false, heldPlan: { planId: res.body.planId, total: 3 } });

    const applied = await dash.api("POST", "/api/actions/sync.accounts/apply", { token, body: { planId: res.body.planId } });
    expect(applied.status, applied.text).toBe(200);
    await waitForJob(dash, token, applied.body.result.jobId);
    expect(await accountOf(c, mxid(c, "ivy"))).toMatchObject({ displayname: "Ivy" });
    expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, "ivy"))).toBe("invite");
    expect(await accountOf(c, mxid(c, "jack"))).toBeNull();
    expect(fake.userListRequests()).toEqual([]);
    // A person applied a plan for one user only: that is no review of the community's first sync.
    expect((await dash.api("GET", "/api/sync/status", { token })).body).toMatchObject({ firstApplyDone: false, heldPlan: null });
  });

  it("syncs only the pushed person, at once, after a moderator applied the first sync", async () => {
    const first = await dash.api("POST", "/api/actions/sync.accounts/plan", { token, body: { scope: "full" } });
    expect(first.body.plan.counts).toEqual({ "create-account": 1, invite: 1, welcome: 1 });
    // Applied with nothing selected of it: the moderator has looked; jack is left to the schedule.
    const reviewed = await dash.api("POST", "/api/actions/sync.accounts/apply", { token, body: { planId: first.body.plan.planId, select: { ids: [] } } });
    expect(reviewed.body.result).toMatchObject({ changes: 0, jobId: null });
    expect((await dash.api("GET", "/api/sync/status", { token })).body.firstApplyDone).toBe(true);

    fake.updateUser("ivy", { name: "Ivy Green" });
    const byName = await push({ username: "ivy" }, { authorization: `Bearer ${SECRET}` });
    expect(byName.body).toMatchObject({ changes: 1, counts: { "set-display-name": 1 }, heldBecause: null });
    await waitForJob(dash, token, byName.body.jobId);
    expect(await accountOf(c, mxid(c, "ivy"))).toMatchObject({ displayname: "Ivy Green" });
    expect(dash.ctx.audit.list({ action: "sync.accounts" })[0]).toMatchObject({ actor: "authentik-push", actorKind: "system", result: "ok" });
  });

  it("runs a full scan first, then asks only for people changed since its cursor", async () => {
    const first = await scheduler.runOnce();
    expect(first).toMatchObject({ ran: true, scope: "full", changes: 3 });
    if (first.ran) await waitForJob(dash, token, first.jobId!);
    expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, "jack"))).toBe("invite");

    fake.requests.length = 0;
    fake.updateUser("jack", { name: "Jack Sparrow" });
    const second = await scheduler.runOnce();
    expect(second).toMatchObject({ ran: true, scope: "changed", changes: 1 });
    const lists = fake.userListRequests().filter((r) => r.query.get("page_size") !== "1");
    expect(lists).toHaveLength(1);
    expect(lists[0]!.query.get("last_updated__gt")).toBe(fake.user("ivy").lastUpdated.toISOString());
    if (second.ran) await waitForJob(dash, token, second.jobId!);
    expect(await accountOf(c, mxid(c, "jack"))).toMatchObject({ displayname: "Jack Sparrow" });
    expect(await scheduler.runOnce()).toMatchObject({ ran: true, scope: "changed", changes: 0, jobId: null });
  });

  it("catches a group change, which Authentik does not stamp on the user, at the full scan a mapping edit asks for", async () => {
    fake.setGroups("jack", ["gamers"]);
    expect(await scheduler.runOnce()).toMatchObject({ scope: "changed", changes: 0 });
    const mapped = await dash.api("POST", "/api/actions/sync.map-group-rooms/apply", { token, body: { group: "gamers", rooms: [c.rooms[0]!.roomId] } });
    expect(mapped.status, mapped.text).toBe(200);
    const full = await scheduler.runOnce();
    expect(full).toMatchObject({ ran: true, scope: "full", changes: 1 });
    if (full.ran) await waitForJob(dash, token, full.jobId!);
    expect(await membershipIn(c, c.rooms[0]!.roomId, mxid(c, "jack"))).toBe("invite");
    expect((await dash.api("GET", "/api/sync/status", { token })).body).toMatchObject({
      groupRooms: { gamers: [c.rooms[0]!.roomId] },
      lastRun: { scope: "full", changes: 1, error: null },
      pushEnabled: true,
      scimEnabled: false,
    });
  });

  it("scans everyone on an Authentik without the last_updated filter, and only plans when auto-apply is off", async () => {
    const old = await FakeAuthentik.start({ supportsUpdatedFilter: false });
    old.addUser({ username: "kim", name: "Kim" });
    const planner = await startDashboard(c, authentikEnv(old, c, { AUTHENTIK_AUTO_APPLY: "false" }));
    try {
      const s = new SyncScheduler(planner.ctx, silentLogger());
      expect(await s.runOnce()).toMatchObject({ ran: true, scope: "full", changes: 3, jobId: null, heldBecause: expect.stringContaining("AUTHENTIK_AUTO_APPLY=false") });
      expect(await accountOf(c, mxid(c, "kim"))).toBeNull();
      // As if a full scan had been applied: the next run asks for changes, and must fall back to everyone.
      const store = new SyncStore(planner.ctx.store.db);
      store.setLastFullScanAt(new Date().toISOString());
      store.setCursor(old.user("kim").lastUpdated.toISOString());
      expect(await s.runOnce()).toMatchObject({ ran: true, scope: "changed", changes: 3 });
      const lastRead = old.userListRequests().at(-1)!;
      expect(lastRead.query.get("last_updated__gt")).toBeNull();
      expect(lastRead.query.get("ordering")).toBe("pk");
      expect((await planner.api("GET", "/api/sync/status", { token: await signIn(planner, c.moderators[0]!) })).body).toMatchObject({
        incrementalSupported: false,
        autoApply: false,
        lastRun: { scope: "full", changes: 3, jobId: null },
      });
    } finally {
      await planner.close();
      await old.stop();
    }
  });
});
