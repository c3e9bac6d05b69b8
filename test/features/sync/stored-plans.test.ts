import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { communityEnv, type Community } from "../../synapse/community.ts";
import { signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { authentikCommunity, authentikSetUp, type AuthentikCommunity } from "../../helpers/authentik-community.ts";
import { startServerProcess, signInTo, type ServerProcess } from "../../helpers/server-process.ts";
import type { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";
import { SyncScheduler } from "../../../server/features/sync/scheduler.ts";
import { silentLogger } from "../../helpers/silent-logger.ts";
import { runCli } from "../../helpers/run-cli.ts";
import { accountOf, authentikEnv, changesOf, mxid, waitForJob } from "./helpers.ts";

const hs = inject("synapse");

/** The bot's notices in the moderator room, newest first, as Synapse has them. */
async function moderatorNotices(c: Community): Promise<string[]> {
  const events = await c.bot.client.messages(c.moderatorRoom.roomId, 200);
  return events.filter((e) => e.sender === c.bot.userId && e.content?.msgtype === "m.notice").map((e) => e.content.body as string);
}

describe("stored sync plans: summary, pages, apply by id", () => {
  let community: AuthentikCommunity;
  let c: Community;
  let dash: TestDashboard;
  let token: string;

  beforeAll(async () => {
    community = await authentikCommunity(hs, { fake: { users: 23, usernamePrefix: "s", groups: ["members"] } });
    ({ c, dash, token } = community);
  });
  afterAll(() => community?.stop());

  it("answers a plan with a summary: counts per kind, the first changes of each, no full list", async () => {
    const res = await dash.api("POST", "/api/actions/sync.accounts/plan", { token, body: {} });
    expect(res.status, res.text).toBe(200);
    const plan = res.body.plan;
    expect(plan).toMatchObject({ state: "planned", total: 69, counts: { "create-account": 23, invite: 23, welcome: 23 }, deactivations: 0, jobId: null });
    expect(plan).not.toHaveProperty("changes");
    expect(plan.first["create-account"]).toHaveLength(10);
    expect(plan.read).toMatchObject({ users: 23, pages: 1, pageSize: 100 });
    expect(plan.attention).toEqual([expect.objectContaining({ code: "sync.attention-too-many", params: { count: 69, limit: expect.any(Number) }, text: expect.stringContaining("69 changes: more than an automatic sync may apply") })]);
    expect((await dash.api("GET", `/api/sync/plans/${plan.planId}`, { token })).body).toEqual(plan);
  });

  it("pages one kind's changes in plan order, and says clearly what is wrong with a bad page request", async () => {
    const { plan } = (await dash.api("POST", "/api/actions/sync.accounts/plan", { token, body: {} })).body;
    const first = await dash.api("GET", `/api/sync/plans/${plan.planId}/changes?kind=invite&offset=0&limit=10`, { token });
    expect(first.body).toMatchObject({ offset: 0, total: 23, next: 10 });
    expect(first.body.changes).toHaveLength(10);
    const last = await dash.api("GET", `/api/sync/plans/${plan.planId}/changes?kind=invite&offset=20&limit=10`, { token });
    expect(last.body).toMatchObject({ offset: 20, total: 23, next: null });
    const all = await changesOf(dash, token, plan);
    expect(all).toHaveLength(69);
    expect(new Set(all.map((ch) => ch.id)).size).toBe(69);
    expect(all.filter((ch) => ch.kind === "invite").slice(0, 10)).toEqual(first.body.changes);

    const badKind = await dash.api("GET", `/api/sync/plans/${plan.planId}/changes?kind=explode`, { token });
    expect(badKind.status).toBe(400);
    expect(badKind.text).toContain("kind");
    expect((await dash.api("GET", `/api/sync/plans/${plan.planId}/changes?kind=invite&limit=5000`, { token })).status).toBe(400);
    expect((await dash.api("GET", "/api/sync/plans/nosuchplan123/changes?kind=invite", { token })).status).toBe(404);
    expect((await dash.api("GET", `/api/sync/plans/${plan.planId}`)).status).toBe(401);
  });

  it("applies the chosen part of a stored plan (whole kinds plus single changes), then refuses that plan a second time", async () => {
    const { plan } = (await dash.api("POST", "/api/actions/sync.accounts/plan", { token, body: {} })).body;
    const invite = plan.first.invite[0];
    const applied = await dash.api("POST", "/api/actions/sync.accounts/apply", { token, body: { planId: plan.planId, select: { kinds: ["set-display-name"], ids: [invite.id] } } });
    expect(applied.status, applied.text).toBe(200);
    expect(applied.body.result).toMatchObject({ changes: 2, addedPrerequisites: 1, counts: { "create-account": 1, invite: 1 } });
    await waitForJob(dash, token, applied.body.result.jobId);
    expect(await accountOf(c, invite.userId)).not.toBeNull();
    const again = await dash.api("POST", "/api/actions/sync.accounts/apply", { token, body: { planId: plan.planId } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("applied already");
    expect((await dash.api("GET", `/api/sync/plans/${plan.planId}`, { token })).body).toMatchObject({ state: "applied", jobId: applied.body.result.jobId });
  });

  it("works the same from the CLI: the summary, a page of one kind, and apply --plan", async () => {
    const created = await dash.api("POST", "/api/actions/tokens.create/apply", { token: await signIn(dash, c.bot), body: { name: "sync-cli", scopes: ["sync", "read"] } });
    const env = { ENV_FILE: "/nonexistent/.env", DASHBOARD_URL: dash.url, DASHBOARD_TOKEN: created.body.result.token };
    const planned = await runCli("server/entry/cli/main.ts", ["sync", "plan"], { env });
    expect(planned.code, planned.stderr).toBe(0);
    const planId = /^plan (\S+): 66 changes \(23 users read\)/m.exec(planned.stdout)?.[1];
    expect(planId, planned.stdout).toBeDefined();
    expect(planned.stdout).toContain("  create-account: 22");
    const page = await runCli("server/entry/cli/main.ts", ["sync", "changes", planId!, "welcome", "--limit", "5"], { env });
    expect(page.stdout.trim().split("\n")).toHaveLength(6);
    expect(page.stdout).toContain("5 of 22; next: --offset 5");
    const applied = await runCli("server/entry/cli/main.ts", ["sync", "apply", "--plan", planId!], { env });
    expect(applied.stdout, applied.stderr).toMatch(/job .*: done, 22 done, 0 failed/);
    expect((await dash.api("GET", `/api/sync/plans/${planId}`, { token })).body.state).toBe("applied");
  });
});

describe("applying a stored plan by id after a restart", () => {
  let c: Community;
  let fake: FakeAuthentik;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    ({ c, fake } = await authentikSetUp(hs, { fake: { users: 4, usernamePrefix: "r" } }));
  });
  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await fake?.stop();
  });

  it("applies the plan a moderator looked at before the restart, exactly that plan", async () => {
    const env = communityEnv(c, { PORT: "0", LOG_LEVEL: "warn", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dash-plans-")), ...authentikEnv(fake, c) });
    server = await startServerProcess(env);
    let token = await signInTo(server, c.moderators[0]!);
    const planned = await server.api("POST", "/api/actions/sync.accounts/plan", { token, body: {} });
    expect(planned.body.plan.counts).toEqual({ "create-account": 4, invite: 4, welcome: 4 });
    await server.stop();

    // Someone new arrives meanwhile: applying the stored plan does not take them along.
    fake.addUser({ username: "late" });
    server = await startServerProcess(env);
    token = await signInTo(server, c.moderators[0]!);
    const applied = await server.api("POST", "/api/actions/sync.accounts/apply", { token, body: { planId: planned.body.plan.planId } });
    expect(applied.status, applied.text).toBe(200);
    expect(applied.body.result).toMatchObject({ changes: 12, items: 4 });
    expect(await waitForJob(server, token, applied.body.result.jobId)).toMatchObject({ failed: 0, total: 4 });
    for (let i = 1; i <= 4; i++) expect(await accountOf(c, mxid(c, `r${i}`))).not.toBeNull();
    expect(await accountOf(c, mxid(c, "late"))).toBeNull();
    expect((await server.api("POST", "/api/actions/sync.accounts/plan", { token, body: {} })).body.plan.counts).toEqual({ "create-account": 1, invite: 1, welcome: 1 });
  });
});

describe("automatic syncs are safe by default", () => {
  let community: AuthentikCommunity;
  let c: Community;
  let fake: FakeAuthentik;
  let dash: TestDashboard;
  let token: string;
  let scheduler: SyncScheduler;

  beforeAll(async () => {
    community = await authentikCommunity(hs, { fake: { users: 2, usernamePrefix: "a" }, env: { AUTHENTIK_AUTO_APPLY_MAX_CHANGES: "6", AUTHENTIK_DEACTIVATION_POLICY: "deactivate" } });
    ({ c, fake, dash, token } = community);
    scheduler = new SyncScheduler(dash.ctx, silentLogger());
  });
  afterAll(() => community?.stop());

  it("never applies the community's first sync on its own, however small: it waits for a moderator, announced", async () => {
    const run = await scheduler.runOnce();
    expect(run).toMatchObject({ ran: true, scope: "full", changes: 6, jobId: null, heldBecause: expect.stringContaining("first sync") });
    expect(await accountOf(c, mxid(c, "a1"))).toBeNull();
    const notice = (await moderatorNotices(c)).find((n) => run.ran && n.includes(run.planId));
    expect(notice).toContain("waits for a moderator: 6 changes (create-account 2, invite 2, welcome 2)");
    expect(notice).toContain("first sync");

    const status = (await dash.api("GET", "/api/sync/status", { token })).body;
    expect(status).toMatchObject({ firstApplyDone: false, heldPlan: { total: 6 }, autoApplyLimits: { changes: 6, deactivations: 0 } });
    // The widget words why from the code; the English stays beside it.
    expect(status.heldPlan).toMatchObject({ heldBecause: expect.stringContaining("first sync"), heldSaid: { code: "sync.held-first-sync" } });
    const applied = await dash.api("POST", "/api/actions/sync.accounts/apply", { token, body: { planId: status.heldPlan.planId } });
    await waitForJob(dash, token, applied.body.result.jobId);
    expect(await accountOf(c, mxid(c, "a1"))).not.toBeNull();
    expect((await dash.api("GET", "/api/sync/status", { token })).body).toMatchObject({ firstApplyDone: true, heldPlan: null });
  });

  it("applies a later plan within the limit on its own", async () => {
    fake.addUser({ username: "a3" });
    const run = await scheduler.runOnce();
    expect(run).toMatchObject({ ran: true, changes: 3, heldBecause: null });
    if (run.ran) await waitForJob(dash, token, run.jobId!);
    expect(await accountOf(c, mxid(c, "a3"))).not.toBeNull();
  });

  it("records a plan over the limit, announces its summary in the moderator room once, and waits", async () => {
    for (let i = 4; i <= 6; i++) fake.addUser({ username: `a${i}` });
    const before = (await moderatorNotices(c)).length;
    const run = await scheduler.runOnce();
    expect(run).toMatchObject({ ran: true, changes: 9, jobId: null, heldBecause: expect.stringContaining("AUTHENTIK_AUTO_APPLY_MAX_CHANGES=6") });
    expect(await accountOf(c, mxid(c, "a4"))).toBeNull();
    const notices = await moderatorNotices(c);
    expect(notices.length).toBe(before + 1);
    expect(notices[0]).toContain("waits for a moderator: 9 changes (create-account 3, invite 3, welcome 3)");
    expect(notices[0]).toContain(`sync apply ${run.ran ? run.planId : ""}`);

    // The next run finds the same changes: held again, not announced again.
    const again = await scheduler.runOnce();
    expect(again).toMatchObject({ changes: 9, jobId: null });
    expect((await moderatorNotices(c)).length).toBe(before + 1);
    expect((await dash.api("GET", "/api/sync/status", { token })).body.heldPlan).toMatchObject({
      planId: again.ran ? again.planId : "",
      total: 9,
      heldSaid: { code: "sync.held-too-many-changes", params: { count: 9, limit: 6 } },
    });
  });

  it("never runs a deactivation on its own unless the policy allows it, even in a small plan", async () => {
    const held = (await dash.api("GET", "/api/sync/status", { token })).body.heldPlan;
    const applied = await dash.api("POST", "/api/actions/sync.accounts/apply", { token, body: { planId: held.planId } });
    await waitForJob(dash, token, applied.body.result.jobId);
    fake.updateUser("a2", { isActive: false });
    const run = await scheduler.runOnce();
    expect(run).toMatchObject({ ran: true, changes: 1, jobId: null, heldBecause: expect.stringContaining("AUTHENTIK_AUTO_APPLY_MAX_DEACTIVATIONS=0") });
    expect((await accountOf(c, mxid(c, "a2"))).deactivated).toBe(false);
    expect((await moderatorNotices(c))[0]).toContain("it has 1 deactivation (people Authentik deactivated or deleted)");
  });
});
