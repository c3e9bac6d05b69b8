import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCommunity, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { startBridgeTestBed, bridgeEnv, type BridgeTestBed } from "../../fakes/mautrix-signal/test-bed.ts";
import { eventually } from "../../helpers/eventually.ts";
import { runCli } from "../../helpers/run-cli.ts";
import { renderUnicodeCompact } from "uqr";

const PHONE = "+4915112345678";

describe("logging the dashboard's bot into mautrix-signal by QR code", () => {
  let bed: BridgeTestBed;
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  const act = (mode: "plan" | "apply", body: unknown, as = token) => dash.api("POST", `/api/actions/bridges.login/${mode}`, { token: as, body });
  const wait = (loginId: string, stepId: string, as = token) => dash.api("POST", `/api/bridges/signal/login/${encodeURIComponent(loginId)}/wait`, { token: as, body: { stepId } });
  const loginsCheck = async () => (await dash.api("GET", "/api/health", { token })).body.checks.find((check: any) => check.id === "bridge-signal-logins");
  const responses: string[] = [];
  const kept = <T extends { text: string }>(res: T) => (responses.push(res.text), res);
  /** Resolves once the fake bridge holds the dashboard's display_and_wait call open. */
  const started = async () => {
    const res = kept(await act("apply", { bridge: "signal" }));
    expect(res.status, res.text).toBe(200);
    return res.body.result;
  };

  beforeAll(async () => {
    bed = await startBridgeTestBed();
    c = await seedCommunity(bed.synapse, { moderators: 1, members: 0, extraRooms: 0 });
    dash = await startDashboard(c, bridgeEnv(bed.bridge));
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(async () => {
    await dash?.close();
    await bed?.stop();
  });

  it("plans: the bridge offers the QR flow and the bot has no login (doctor says so too)", async () => {
    const plan = kept(await act("plan", { bridge: "signal" }));
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body.plan).toMatchObject({ network: "signal", flowId: "qr", loggedIn: false, logins: [], actingUser: c.bot.userId, warnings: [] });
    expect(plan.body.plan.flows).toEqual([{ id: "qr", name: "QR code", description: "Log in by scanning a QR code on the Signal app" }]);
    expect(plan.body.plan.steps.map((s: { text: string }) => s.text).join("\n")).toContain("Settings → Linked devices");
    expect(await loginsCheck()).toMatchObject({ status: "fail" });
    const unknown = await act("plan", { bridge: "signal", flowId: "password" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ field: "flowId" });
    expect(unknown.body.error.message).toContain('offers no login flow "password" (it offers: qr)');
  });

  it("starts with a QR code, and completes once the phone scans it: audited, and doctor sees the login", async () => {
    const step = await started();
    expect(step).toMatchObject({ network: "signal", flowId: "qr", type: "display_and_wait", stepId: "fi.mau.signal.login.qr", display: { type: "qr" } });
    expect(step.display.data).toMatch(/^sgnl:\/\/linkdevice\?uuid=[^&]+&pub_key=/);
    expect(step.display.data).toBe(bed.bridge.logins.qrOf(step.loginId));
    expect(step.instructions).toContain("Scan the QR code");

    const waiting = wait(step.loginId, step.stepId);
    await eventually(() => expect(bed.bridge.logins.isWaiting(step.loginId)).toBe(true));
    const userLoginId = bed.bridge.scanQr(step.loginId, { phone: PHONE });
    const done = kept(await waiting);
    expect(done.status, done.text).toBe(200);
    expect(done.body).toEqual({
      waiting: false,
      step: { type: "complete", loginId: step.loginId, stepId: "fi.mau.signal.login.complete", instructions: expect.stringContaining(PHONE), userLoginId, loginName: PHONE },
    });
    // Another caller asking after the answer came gets the same answer (the widget may have given up and asked again).
    expect((await wait(step.loginId, step.stepId)).body.step).toMatchObject({ type: "complete", userLoginId });

    const [started_, finished] = [dash.ctx.audit.list({ action: "bridges.login" })[0], dash.ctx.audit.list({ action: "bridges.login-wait" })[0]];
    expect(started_).toMatchObject({ actor: c.moderators[0]!.userId, result: "ok", target: "signal" });
    expect(finished).toMatchObject({ actor: c.moderators[0]!.userId, result: "ok", target: "signal", detail: { stepId: "fi.mau.signal.login.qr", next: "complete", userLoginId } });
    // The QR link is a short-lived credential: it stays out of the audit log.
    expect(JSON.stringify(dash.ctx.audit.list({}))).not.toContain("sgnl://");

    expect(await loginsCheck()).toMatchObject({ status: "ok", summary: expect.stringContaining(PHONE) });
    const again = await act("plan", { bridge: "signal" });
    expect(again.body.plan).toMatchObject({ loggedIn: true, logins: [{ id: userLoginId, name: PHONE, state: "CONNECTED" }] });
    expect(again.body.plan.warnings.map((w: { text: string }) => w.text).join(" ")).toContain("already has a Signal login");
  });

  it("passes each renewed QR code on under the same step ID, and the wait after it waits for the next", async () => {
    const step = await started();
    const waiting = wait(step.loginId, step.stepId);
    await eventually(() => expect(bed.bridge.logins.isWaiting(step.loginId)).toBe(true));
    const renewed = bed.bridge.refreshQr(step.loginId);
    const second = kept(await waiting);
    expect(second.status, second.text).toBe(200);
    expect(second.body.step).toMatchObject({ type: "display_and_wait", stepId: step.stepId, display: { type: "qr", data: renewed } });
    expect(renewed).not.toBe(step.display.data);
    // Not the cached answer again: the server asks the bridge, which waits for a scan of the new code.
    const next = wait(step.loginId, step.stepId);
    await eventually(() => expect(bed.bridge.logins.isWaiting(step.loginId)).toBe(true));
    const userLoginId = bed.bridge.scanQr(step.loginId, { phone: "+4915100000001" });
    expect(kept(await next).body.step).toMatchObject({ type: "complete", userLoginId });
  });

  it("says clearly when the bridge gave up renewing the QR code (410), and that the login must start again", async () => {
    const step = await started();
    const waiting = wait(step.loginId, step.stepId);
    await eventually(() => expect(bed.bridge.logins.isWaiting(step.loginId)).toBe(true));
    bed.bridge.expireQr(step.loginId);
    const res = kept(await waiting);
    expect(res.status).toBe(410);
    expect(res.body.error).toMatchObject({ code: "bridge_login_expired", message: "The Signal login timed out (Login timed out): nothing was scanned or entered in time." });
    expect(res.body.error.hint).toContain("Start the login again");
    expect(dash.ctx.audit.list({ action: "bridges.login-wait" })[0]).toMatchObject({ result: "error" });
    // The bridge forgot the failed process.
    const after = kept(await wait(step.loginId, "fi.mau.signal.login.qr2"));
    expect(after.status).toBe(404);
  });

  it("answers 404 with a message for an unknown login process, 409 for a stale step, 400 naming a bad field", async () => {
    const unknown = kept(await wait("c0ffee", "fi.mau.signal.login.qr"));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: "bridge_login_not_found", hint: "Start the login again." });
    expect(unknown.body.error.message).toContain("no login in progress with ID c0ffee");

    const step = await started();
    const stale = kept(await wait(step.loginId, "fi.mau.signal.other"));
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "bridge_login_step", message: "The Signal login is no longer at that step (Step ID does not match)." });

    const noStep = await dash.api("POST", `/api/bridges/signal/login/${step.loginId}/wait`, { token, body: {} });
    expect(noStep.status).toBe(400);
    expect(noStep.body.error.field).toBe("stepId");
    const badId = await wait("not a login id", "fi.mau.signal.login.qr");
    expect(badId.status).toBe(400);
    expect(badId.body.error.field).toBe("loginId");
    const notConfigured = await dash.api("POST", `/api/bridges/telegram/login/${step.loginId}/wait`, { token, body: { stepId: step.stepId } });
    expect(notConfigured.status).toBe(404);
    expect(notConfigured.body.error.code).toBe("bridge_not_configured");
    const badInput = await dash.api("POST", `/api/bridges/signal/login/${step.loginId}/input`, { token, body: { stepId: step.stepId, fields: { phone: 7 } } });
    expect(badInput.status).toBe(400);
    expect(badInput.body.error.field).toBe("fields.phone");
    bed.bridge.expireQr(step.loginId);
  });

  it("the CLI draws the QR code in the terminal, waits for the scan, and says who it is logged in as: audited as the token", async () => {
    const admin = await signIn(dash, c.bot);
    const cliToken = (await dash.api("POST", "/api/actions/tokens.create/apply", { token: admin, body: { name: "cli-login", scopes: ["read", "bridges"] } })).body.result.token;
    const before = bed.bridge.logins.latestOf(c.bot.userId);
    const running = runCli("server/entry/cli/main.ts", ["bridge", "login", "start", "signal"], { env: { ENV_FILE: "/nonexistent/.env", DASHBOARD_URL: dash.url, DASHBOARD_TOKEN: cliToken } });
    let loginId = "";
    await eventually(() => {
      loginId = bed.bridge.logins.latestOf(c.bot.userId) ?? "";
      expect(loginId).not.toBe(before ?? "");
      expect(bed.bridge.logins.isWaiting(loginId)).toBe(true);
    });
    const qr = bed.bridge.logins.qrOf(loginId);
    const userLoginId = bed.bridge.scanQr(loginId, { phone: "+4915100000002" });
    const done = await running;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(renderUnicodeCompact(qr, { border: 2 }));
    expect(done.stdout).toContain(`login ${loginId}: waiting for the bridge`);
    expect(done.stdout).toContain(`logged in as +4915100000002 (login ${userLoginId})`);
    expect(dash.ctx.audit.list({ action: "bridges.login-wait" })[0]).toMatchObject({ actor: "token:cli-login", actorKind: "token", result: "ok", detail: { next: "complete", userLoginId } });
    expect(JSON.stringify(dash.ctx.audit.list({}))).not.toContain("sgnl://");
  });

  it("says when the bridge allows no more logins (TOO_MANY_LOGINS), not that it 'refused in the room'", async () => {
    bed.bridge.logins.maxLoginsPerUser = 1;
    try {
      const res = kept(await act("apply", { bridge: "signal" }));
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: "bridge_too_many_logins", message: `${c.bot.userId} already has as many Signal logins as the bridge allows (Maximum number of logins exceeded).` });
      expect(res.body.error.hint).toContain("Log out a login");
    } finally {
      bed.bridge.logins.maxLoginsPerUser = Infinity;
    }
  });

  it("refuses callers without the right: a read-only token, a token without the bridges scope, a member", async () => {
    const admin = await signIn(dash, c.bot);
    const tokenWith = async (scopes: string[]) => (await dash.api("POST", "/api/actions/tokens.create/apply", { token: admin, body: { name: `login-${scopes.join("-")}`, scopes } })).body.result.token;
    const readOnly = await tokenWith(["read"]);
    const noBridges = await tokenWith(["read", "admin"]);
    expect((await act("apply", { bridge: "signal" }, readOnly)).status).toBe(403);
    expect((await wait("c0ffee", "fi.mau.signal.login.qr", readOnly)).status).toBe(403);
    const refused = await wait("c0ffee", "fi.mau.signal.login.qr", noBridges);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('lacks the "bridges" scope needed for bridges.login-wait');
    const member = await (await import("../../synapse/community.ts")).person(bed.synapse, `${c.tag}-outsider`);
    const openIdToken = await member.client.openIdToken();
    expect((await dash.api("POST", "/api/session", { body: { openIdToken } })).status).toBe(403);
  });

  it("never shows the bridge's shared secret in an answer or a log line", () => {
    for (const text of [...responses, ...dash.logLines]) expect(text).not.toContain(bed.bridge.secret);
    expect(bed.bridge.errors).toEqual([]);
  });
});
