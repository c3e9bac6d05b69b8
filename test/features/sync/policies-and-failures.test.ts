import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedCommunity, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";
import { accountOf, authentikEnv, liftBotLimits, membershipIn, mxid, plan, planAndApply } from "./helpers.ts";

const hs = inject("synapse");

describe("Authentik sync policies and failures", () => {
  let c: Community;
  let fake: FakeAuthentik;
  const open: TestDashboard[] = [];

  async function dashboard(extra: Record<string, string> = {}, withAuthentik = true) {
    const env = withAuthentik ? authentikEnv(fake, c, extra) : extra;
    const dash = await startDashboard(c, { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dash-sync-")), ...env });
    open.push(dash);
    return { dash, token: await signIn(dash, c.moderators[0]!) };
  }

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    await liftBotLimits(c);
    fake = await FakeAuthentik.start({ groups: ["moderators"] });
    for (const name of ["frank", "gina", "hank"]) fake.addUser({ username: name, name: name.toUpperCase() });
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    for (const d of open) await d.close();
    await fake?.stop();
  });

  it("leaves deactivated people alone under the default policy none", async () => {
    const { dash, token } = await dashboard();
    await planAndApply(dash, token);
    expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, "gina"))).toBe("invite");
    fake.updateUser("gina", { isActive: false });
    expect((await plan(dash, token)).changes).toEqual([]);
  });

  it("deactivates the Matrix account under the deactivate policy, and of people deleted from Authentik", async () => {
    const { dash, token } = await dashboard({ AUTHENTIK_DEACTIVATION_POLICY: "deactivate" });
    const first = await plan(dash, token);
    expect(first.changes.map((ch: any) => ch.id)).toEqual([`deactivate-account ${mxid(c, "gina")}`]);
    await planAndApply(dash, token);
    expect(await accountOf(c, mxid(c, "gina"))).toMatchObject({ deactivated: true });
    expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, "gina"))).toBe("leave");
    expect((await plan(dash, token)).changes).toEqual([]);

    fake.deleteUser("hank");
    const deleted = await plan(dash, token);
    expect(deleted.changes).toEqual([expect.objectContaining({ kind: "deactivate-account", userId: mxid(c, "hank"), why: "deleted from Authentik" })]);
    await planAndApply(dash, token);
    expect(await accountOf(c, mxid(c, "hank"))).toMatchObject({ deactivated: true });
    expect((await plan(dash, token)).changes).toEqual([]);
  });

  it("answers a plan with Authentik's 401 as a clear error and changes nothing", async () => {
    const { dash, token } = await dashboard({ AUTHENTIK_TOKEN: "ak-this-token-is-not-valid" });
    const res = await dash.api("POST", "/api/actions/sync.accounts/apply", { token, body: {} });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: "authentik_unauthorized", message: expect.stringContaining("Authentik token invalid or lacks permission to read users") });
    expect(res.body.error.hint).toContain("AUTHENTIK_TOKEN");
    expect(dash.ctx.jobs.store.list()).toEqual([]);
    expect(res.text).not.toContain("ak-this-token-is-not-valid");
  });

  it("waits out Authentik's 429 as Retry-After says and plans anyway", async () => {
    const { dash, token } = await dashboard();
    fake.failNext(429, { path: /core\/users\/$/, retryAfter: "1" });
    const started = Date.now();
    const p = await plan(dash, token);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(p.read.users).toBe(2);
  });

  it("fails a plan whose page stays too slow, saying Authentik did not answer in time", async () => {
    const { dash, token } = await dashboard({ AUTHENTIK_TIMEOUT_MS: "300" });
    fake.slow(2_000, { path: /core\/users\/$/, page: 1 });
    const res = await dash.api("POST", "/api/actions/sync.accounts/plan", { token, body: {} });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: "authentik_timeout", message: expect.stringContaining("did not answer in time while reading users (page 1)") });
  });

  it("shows the sync as not configured without Authentik settings, and reports Authentik in /api/health when it is", async () => {
    const off = await dashboard({}, false);
    const status = await off.dash.api("GET", "/api/sync/status", { token: off.token });
    expect(status.body).toMatchObject({ configured: false, pushEnabled: false });
    const refused = await off.dash.api("POST", "/api/actions/sync.accounts/plan", { token: off.token, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe("Authentik sync is not configured.");

    const on = await dashboard();
    const health = (await on.dash.api("GET", "/api/health", { token: on.token })).body;
    expect(health.checks.find((ch: any) => ch.id === "authentik-users")).toMatchObject({ status: "ok" });
    const onStatus = (await on.dash.api("GET", "/api/sync/status", { token: on.token })).body;
    expect(onStatus).toMatchObject({ configured: true, incrementalSupported: null, moderatorGroup: "moderators", policies: { deactivation: "none" } });
  });

  // Last: it adds a person the earlier cases do not expect.
  it("retries Authentik's passing 500s, and applies nothing when they persist", async () => {
    const { dash, token } = await dashboard();
    fake.addUser({ username: "ivan", name: "Ivan" });
    fake.failNext(500, { path: /core\/users\/$/, times: 1000 });
    const failed = await dash.api("POST", "/api/actions/sync.accounts/apply", { token, body: {} });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(failed.status).toBeLessThan(600);
    expect(failed.body.error.message).toMatch(/Authentik/);
    expect(failed.body.error.code).not.toBe("internal");
    expect(await accountOf(c, mxid(c, "ivan"))).toBeNull();
    expect(dash.ctx.jobs.store.list()).toEqual([]);

    fake.clearFaults();
    fake.failNext(500, { path: /core\/users\/$/, times: 2 });
    await planAndApply(dash, token);
    expect(await accountOf(c, mxid(c, "ivan"))).toMatchObject({ name: `@${c.tag}-ivan:${c.hs.serverName}` });
  });
});
