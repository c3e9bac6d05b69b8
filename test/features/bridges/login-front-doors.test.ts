import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Community } from "../../synapse/community.ts";
import { signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { whatsappCommunity, type BridgedCommunity } from "../../helpers/bridged-community.ts";
import type { WhatsappTestBed } from "../../synapse/mautrix-whatsapp.ts";
import { whatsappBinary } from "./bridge-targets.ts";
import { command } from "../../helpers/commands.ts";
import { runCli } from "../../helpers/run-cli.ts";

const binary = whatsappBinary();
const PHONE = "+4915112345678";

/**
 * A bridge login's steps (bridges.login-wait, -input, -cancel) from every front door that offers
 * them, against the real mautrix-whatsapp: each step is audited with its actor, a typed value never
 * is, and a caller without the right is refused before anything reaches the bridge. The bridge
 * cannot reach WhatsApp here, so the phone flow is the one that gets past its first step.
 */
describe.skipIf(!binary)("bridge login steps from the widget, the API, the CLI and chat (real mautrix-whatsapp)", () => {
  let community: BridgedCommunity<WhatsappTestBed>;
  let c: Community;
  let dash: TestDashboard;
  let session: string;
  let bridgesToken: string;
  let readOnlyToken: string;
  let adminScopeToken: string;
  const api = (path: string, body: unknown, token = session) => dash.api("POST", path, { token, body });
  const cli = (token: string, ...args: string[]) => runCli("server/entry/cli/main.ts", args, { env: { ENV_FILE: "/nonexistent/.env", DASHBOARD_URL: dash.url, DASHBOARD_TOKEN: token } });
  /** A phone-number login in progress: its first step asks for the number. */
  const phoneLogin = async () => {
    const res = await api("/api/actions/bridges.login/apply", { bridge: "whatsapp", flowId: "phone" });
    expect(res.status, res.text).toBe(200);
    return res.body.result as { loginId: string; stepId: string };
  };
  const audited = (action: string) => dash.ctx.audit.list({ action });
  const everyAuditRow = () => JSON.stringify(dash.ctx.audit.list({}));

  beforeAll(async () => {
    community = await whatsappCommunity(binary!, { moderators: 2, members: 1 });
    ({ c, dash } = community);
    session = await signIn(dash, c.moderators[0]!);
    const admin = await signIn(dash, c.bot);
    const tokenWith = async (scopes: string[]) => (await api("/api/actions/tokens.create/apply", { name: `login-${scopes.join("-")}`, scopes }, admin)).body.result.token as string;
    bridgesToken = await tokenWith(["read", "bridges"]);
    readOnlyToken = await tokenWith(["read"]);
    adminScopeToken = await tokenWith(["read", "admin"]);
  });
  afterAll(() => community?.stop());

  it("widget routes and the action API run the same actions: each step audited, the number typed in never", async () => {
    const first = await phoneLogin();
    const typed = await api(`/api/bridges/whatsapp/login/${first.loginId}/input`, { stepId: first.stepId, fields: { phone_number: PHONE } });
    expect(typed.status, typed.text).toBe(502);
    expect(audited("bridges.login-input")[0]).toMatchObject({
      actor: c.moderators[0]!.userId,
      actorKind: "session",
      result: "error",
      target: "whatsapp",
      detail: { stepId: "fi.mau.whatsapp.login.phone", fields: ["phone_number"] },
    });

    const second = await phoneLogin();
    // A user_input step is not one to wait on: the bridge says so, and the refusal is a row too.
    const waited = await api("/api/actions/bridges.login-wait/apply", { bridge: "whatsapp", loginId: second.loginId, stepId: second.stepId });
    expect(waited.status).toBeGreaterThanOrEqual(400);
    expect(audited("bridges.login-wait")[0]).toMatchObject({ actor: c.moderators[0]!.userId, result: "error", detail: { stepId: second.stepId } });
    const cancelled = await api("/api/actions/bridges.login-cancel/apply", { bridge: "whatsapp", loginId: second.loginId });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.result).toEqual({ cancelled: true });
    expect(audited("bridges.login-cancel")[0]).toMatchObject({ actor: c.moderators[0]!.userId, result: "ok", target: "whatsapp", detail: { loginId: second.loginId } });
    const gone = await api(`/api/bridges/whatsapp/login/${second.loginId}/input`, { stepId: second.stepId, fields: { phone_number: PHONE } });
    expect(gone.body.error.code).toBe("bridge_login_not_found");

    expect(everyAuditRow()).not.toContain(PHONE);
  });

  it("the widget routes and the action API refuse a token without the bridges scope before parsing, and reach nothing", async () => {
    const login = await phoneLogin();
    const before = dash.ctx.audit.list({}).length;
    // The widget's routes let a token with the "admin" scope through to the action, which wants "bridges".
    for (const [path, body, token] of [
      [`/api/bridges/whatsapp/login/${login.loginId}/wait`, { stepId: login.stepId }, adminScopeToken],
      [`/api/bridges/whatsapp/login/${login.loginId}/input`, { fields: "not even fields" }, adminScopeToken],
      [`/api/bridges/whatsapp/login/${login.loginId}/cancel`, {}, adminScopeToken],
      ["/api/actions/bridges.login-wait/apply", { bridge: "whatsapp", loginId: login.loginId, stepId: login.stepId }, readOnlyToken],
      ["/api/actions/bridges.login-input/apply", { fields: "not even fields" }, readOnlyToken],
      ["/api/actions/bridges.login-cancel/apply", { bridge: "whatsapp", loginId: login.loginId }, readOnlyToken],
    ] as const) {
      const res = await api(path, body, token);
      expect(res.status, path).toBe(403);
      expect(res.body.error.message).toMatch(/lacks the "bridges" scope needed for bridges\.login-(wait|input|cancel)/);
    }
    expect(dash.ctx.audit.list({})).toHaveLength(before);
    // Still in progress on the bridge: cancelling as a moderator works.
    expect((await api(`/api/bridges/whatsapp/login/${login.loginId}/cancel`, {})).body).toEqual({ cancelled: true });
  });

  it("the CLI starts a login, submits the fields given, reports the bridge's failure, and cancels: as the token, audited", async () => {
    const started = await cli(bridgesToken, "bridge", "login", "start", "whatsapp", "--flow", "phone", "--field", `phone_number=${PHONE}`);
    expect(started.code, started.stderr).toBe(1);
    expect(started.stdout).toContain("phone_number");
    expect(started.stdout).toMatch(/cancel with: dashboard bridge login cancel whatsapp \S+/);
    expect(started.stderr).toContain("failed to dial whatsapp web websocket");
    expect(audited("bridges.login")[0]).toMatchObject({ actor: "token:login-read-bridges", actorKind: "token", result: "ok" });
    expect(audited("bridges.login-input")[0]).toMatchObject({ actor: "token:login-read-bridges", result: "error", detail: { fields: ["phone_number"] } });

    const status = await cli(bridgesToken, "bridge", "login", "status", "whatsapp");
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`${c.bot.userId} is logged in as +1 555 000 1111`);

    const login = await phoneLogin();
    const refused = await cli(readOnlyToken, "bridge", "login", "cancel", "whatsapp", login.loginId);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('lacks the "bridges" scope needed for bridges.login-cancel');
    // A token whose creator is no moderator any more (set to 0 in the moderator room) is refused too.
    const creator = c.moderators[1]!;
    await c.bot.client.setPowerLevel(c.moderatorRoom.roomId, creator.userId, 100);
    const created = await api("/api/actions/tokens.create/apply", { name: "demoted", scopes: ["read", "bridges"] }, await signIn(dash, creator));
    await c.bot.client.setPowerLevel(c.moderatorRoom.roomId, creator.userId, 0);
    const suspended = await cli(created.body.result.token, "bridge", "login", "cancel", "whatsapp", login.loginId);
    expect(suspended.code).toBe(1);
    expect(suspended.stderr).toContain(`The API token "demoted" is suspended: ${creator.userId} is not a moderator: power level 0`);
    expect(audited("bridges.login-cancel").filter((row) => (row.detail as { loginId?: string }).loginId === login.loginId)).toEqual([]);

    const cancelled = await cli(bridgesToken, "bridge", "login", "cancel", "whatsapp", login.loginId);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toContain(`login ${login.loginId} cancelled`);
    expect(audited("bridges.login-cancel")[0]).toMatchObject({ actor: "token:login-read-bridges", result: "ok", detail: { loginId: login.loginId } });
    expect(everyAuditRow()).not.toContain(PHONE);
  });

  it("chat shows the logins and cancels one in progress, but starts none; a non-moderator is refused", async () => {
    const room = c.moderatorRoom.roomId;
    const mod = c.moderators[0]!;
    const status = await command(mod.client, room, "!dash bridge login status whatsapp", c.bot.userId);
    expect(status.reply.body).toContain(`${c.bot.userId} is logged into the whatsapp bridge`);
    expect(status.reply.body).toContain("+1 555 000 1111 (BAD_CREDENTIALS, login `15550001111`)");
    expect(status.reply.body).toContain("the QR code would be seen by everyone in this room");

    const login = await phoneLogin();
    const outsider = c.members[0]!;
    await c.bot.client.invite(room, outsider.userId);
    await outsider.client.join(room);
    const refused = await command(outsider.client, room, `!dash bridge login cancel whatsapp ${login.loginId}`, c.bot.userId);
    expect(refused.reply.body).toContain(`${outsider.userId} is not a moderator`);
    expect(dash.ctx.audit.list({ actor: outsider.userId })).toEqual([]);

    const cancelled = await command(mod.client, room, `!dash bridge login cancel whatsapp ${login.loginId}`, c.bot.userId);
    expect(cancelled.reply.body).toContain(`The whatsapp login \`${login.loginId}\` is cancelled`);
    expect(audited("bridges.login-cancel")[0]).toMatchObject({ actor: mod.userId, actorKind: "command", result: "ok", detail: { loginId: login.loginId } });
    const gone = await api(`/api/bridges/whatsapp/login/${login.loginId}/cancel`, {});
    expect(gone.body.error.code).toBe("bridge_login_not_found");
  });
});
