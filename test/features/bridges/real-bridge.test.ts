import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { communityEnv, type Community } from "../../synapse/community.ts";
import { whatsappCommunity, type BridgedCommunity } from "../../helpers/bridged-community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { eventually } from "../../helpers/eventually.ts";
import { whatsappEnv, type WhatsappTestBed } from "../../synapse/mautrix-whatsapp.ts";
import { whatsappBinary } from "./bridge-targets.ts";
import { loadConfig } from "../../../server/kernel/config/config.ts";
import { Bot } from "../../../server/kernel/matrix/bot.ts";
import { runDoctor } from "../../../server/features/health/checks.ts";
import { ProvisioningClient } from "../../../server/features/bridges/provisioning-client.ts";
import { ApiError } from "../../../server/kernel/errors/api-error.ts";

const binary = whatsappBinary();
if (!binary) console.log("real-bridge suite skipped: no mautrix-whatsapp binary on this machine (see test/synapse/mautrix-whatsapp.ts)");

/**
 * The dashboard against the real mautrix-whatsapp (bridgev2): everything up to WhatsApp's own
 * servers, which these machines cannot reach, is the real bridge's behaviour. The dashboard's bot
 * has `user` permission on the bridge (not admin) and a login put in place in the bridge's database.
 */
describe.skipIf(!binary)("the dashboard with the real mautrix-whatsapp", () => {
  let community: BridgedCommunity<WhatsappTestBed>;
  let bed: WhatsappTestBed;
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  const act = (name: string, mode: "plan" | "apply", body: unknown, on = dash) => on.api("POST", `/api/actions/${name}/${mode}`, { token, body });
  const bridgeState = async (roomId: string) => (await c.bot.client.allState(roomId)).filter((e) => e.type === "m.bridge" || e.type === "uk.half-shot.bridge");
  const membershipOf = async (roomId: string, userId: string) => (await c.bot.client.state(roomId, "m.room.member", userId).catch(() => ({ membership: null }))).membership;
  /** A room of the bot's with the bridge bot joined at 100; with `portal`, the bridge takes it as a portal of that chat. */
  async function room(name: string, portal?: { id: string; name: string }): Promise<string> {
    const roomId = await c.bot.client.createRoom({ name, invite: [bed.bridge.botUserId], power_level_content_override: { users: { [bed.bridge.botUserId]: 100 } } });
    await eventually(async () => expect(await membershipOf(roomId, bed.bridge.botUserId)).toBe("join"));
    if (portal) {
      await bed.bridge.addPortal(roomId, portal);
      await eventually(async () => expect(await bridgeState(roomId)).toHaveLength(2));
    }
    return roomId;
  }
  async function withDashboard<T>(env: Record<string, string>, run: (d: TestDashboard) => Promise<T>): Promise<T> {
    const other = await startDashboard(c, env);
    try {
      return await run(other);
    } finally {
      await other.close();
    }
  }

  beforeAll(async () => {
    community = await whatsappCommunity(binary!);
    ({ bed, c, dash } = community);
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => community?.stop());

  it("sends the bridge's own prefix (!wa, from whoami), so a command is answered instead of relayed as chat", async () => {
    const roomId = await room("Prefix");
    const plan = await act("bridges.link-group", "plan", { room: roomId, bridge: "whatsapp", chatId: "120363000000000009@g.us" });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body.plan.steps.at(-1)).toEqual({ code: "bridges.step.link", params: { command: "!wa bridge 120363000000000009@g.us" }, text: 'Send "!wa bridge 120363000000000009@g.us" in the room' });
    // The login put in place cannot reach WhatsApp: the bridge answers at once that it is not logged in.
    const started = Date.now();
    const linked = await act("bridges.link-group", "apply", { room: roomId, bridge: "whatsapp", chatId: "120363000000000009@g.us" });
    expect(linked.status, linked.text).toBe(409);
    expect(linked.body.error).toMatchObject({ code: "bridge_not_logged_in" });
    expect(linked.body.error.message).toContain("Login `15550001111` is not logged in");
    expect(Date.now() - started).toBeLessThan(15_000);
    const sent = (await c.bot.client.messages(roomId, 20)).filter((m) => m.sender === c.bot.userId && m.type === "m.room.message").map((m) => m.content.body);
    expect(sent).toEqual(["!wa bridge 120363000000000009@g.us"]);
  });

  it("doctor warns when a configured prefix disagrees with the bridge's, and names the bridge's", async () => {
    const doctor = async (extra: Record<string, string>) => {
      const config = loadConfig(communityEnv(c, extra));
      const bot = new Bot({ homeserverUrl: config.homeserverUrl, accessToken: config.accessToken, userId: config.botUserId });
      const report = await runDoctor({ config, bot, roomCreation: async () => ({ id: "room-creation", title: "", required: true, status: "ok", summary: "skipped in this test" }) });
      return report.checks.find((k) => k.id === "bridge-whatsapp-prefix");
    };
    expect(await doctor({ ...whatsappEnv(bed.bridge), BRIDGE_WHATSAPP_COMMAND_PREFIX: "!whatsapp" })).toMatchObject({
      status: "warn",
      summary: 'BRIDGE_WHATSAPP_COMMAND_PREFIX=!whatsapp disagrees with the bridge, whose commands start with "!wa".',
      fix: "Remove BRIDGE_WHATSAPP_COMMAND_PREFIX (or set it to !wa).",
    });
    expect(await doctor(whatsappEnv(bed.bridge))).toMatchObject({ status: "ok", summary: 'The bridge\'s commands start with "!wa".' });
  });

  it("unlinks as the bridge decides (no reply, its bot leaves), clears the m.bridge it leaves behind, and the room can be bridged again", async () => {
    const roomId = await room("Unlink", { id: "120363000000000001@g.us", name: "Allotment" });
    const plan = await act("bridges.unlink", "plan", { room: roomId, bridge: "whatsapp" });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body.plan.steps.map((s: { text: string }) => s.text).join("\n")).toContain('Send "!wa unbridge"');
    const res = await act("bridges.unlink", "apply", { room: roomId, bridge: "whatsapp" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.result).toEqual({ room: roomId, unlinked: true, wasPortal: true });
    expect(await membershipOf(roomId, bed.bridge.botUserId)).toBe("leave");
    expect(await bed.bridge.portalRoom("120363000000000001@g.us")).toBeNull();
    for (const e of await bridgeState(roomId)) expect(e.content).toEqual({});
    // Not "bridged" any more: linking it again gets as far as the bridge's login.
    const again = await act("bridges.link-group", "plan", { room: roomId, bridge: "whatsapp", chatId: "120363000000000001@g.us" });
    expect(again.status, again.text).toBe(200);
  });

  it("unlinks a room the bridge already let go of (bot gone, m.bridge left behind), as the bridge says it is no portal", async () => {
    const roomId = await room("Stuck", { id: "120363000000000002@g.us", name: "Stuck" });
    await c.bot.client.send(roomId, "!wa unbridge");
    await eventually(async () => expect(await membershipOf(roomId, bed.bridge.botUserId)).toBe("leave"));
    expect((await bridgeState(roomId)).every((e) => e.content.bridgebot === bed.bridge.botUserId)).toBe(true);
    const res = await act("bridges.unlink", "apply", { room: roomId, bridge: "whatsapp" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.result).toMatchObject({ unlinked: true, wasPortal: false });
    for (const e of await bridgeState(roomId)) expect(e.content).toEqual({});
    expect(await membershipOf(roomId, bed.bridge.botUserId)).toBe("leave");
  });

  it("refuses to plan a group the bridge would refuse: name limit in UTF-8 bytes, then the members WhatsApp requires", async () => {
    const roomId = await room("Gardening");
    const long = await act("bridges.create-group", "plan", { room: roomId, bridge: "whatsapp", groupName: "é".repeat(60) });
    expect(long.status, long.text).toBe(400);
    expect(long.body.error).toMatchObject({ code: "bridge_name_too_long", field: "groupName" });
    expect(long.body.error.message).toBe('The WhatsApp bridge limits group names to 100 bytes of UTF-8; "' + "é".repeat(60) + '" has 120 (60 characters: accented letters take 2 bytes, emoji 4).');
    const plan = await act("bridges.create-group", "plan", { room: roomId, bridge: "whatsapp" });
    expect(plan.status, plan.text).toBe(409);
    expect(plan.body.error).toMatchObject({ code: "bridge_participants_required" });
    expect(plan.body.error.message).toContain("at least 1 other member besides its own account");
    expect(plan.body.error.hint).toContain("Link an existing group");
    const withRoom = await act("bridges.create-room-with-group", "plan", { template: "community", name: "New WA room", bridge: "whatsapp" });
    expect(withRoom.body.error?.code).toBe("bridge_participants_required");
  });

  it("says what the bridge needs for relay mode: admin permission for the bot, or a default relay", async () => {
    const roomId = await room("Relay", { id: "120363000000000003@g.us", name: "Relay" });
    const res = await act("bridges.set-relay", "apply", { room: roomId, bridge: "whatsapp", enabled: true });
    expect(res.status, res.text).toBe(409);
    expect(res.body.error).toMatchObject({ code: "bridge_relay_refused" });
    expect(res.body.error.message).toContain(`lets only its admins relay through their own login, ${c.bot.userId} is not one`);
    expect(res.body.error.hint).toContain(`give ${c.bot.userId} admin in bridge.permissions, or list its login in bridge.relay.default_relays`);
  });

  it("keeps the bridge's words: fi.mau.internal_error for a failed login, an unknown group type is refused, not 'unreachable'", async () => {
    const qr = await act("bridges.login", "apply", { bridge: "whatsapp", flowId: "qr" });
    expect(qr.status, qr.text).toBe(502);
    expect(qr.body.error.code).toBe("bridge_login_failed");
    expect(qr.body.error.message).toContain("Internal error starting login: failed to dial whatsapp web websocket");

    const phone = await act("bridges.login", "apply", { bridge: "whatsapp", flowId: "phone" });
    expect(phone.status, phone.text).toBe(200);
    expect(phone.body.result).toMatchObject({ type: "user_input", stepId: "fi.mau.whatsapp.login.phone", fields: [{ id: "phone_number", type: "phone_number" }] });
    const input = await dash.api("POST", `/api/bridges/whatsapp/login/${phone.body.result.loginId}/input`, { token, body: { stepId: phone.body.result.stepId, fields: { phone_number: "+4915112345678" } } });
    expect(input.status, input.text).toBe(502);
    expect(input.body.error.message).toContain("failed to dial whatsapp web websocket");

    const [config] = loadConfig(communityEnv(c, whatsappEnv(bed.bridge))).bridges;
    const client = new ProvisioningClient({ ...config!, groupType: "channel" }, () => c.bot.accessToken);
    const refused = await client.createGroup(c.bot.userId, { name: "x", topic: null, roomId: "!nowhere:x", loginId: null }).catch((e: ApiError) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe("bridge_refused");
    expect((refused as ApiError).message).toBe("The WhatsApp bridge refused (HTTP 404, M_UNRECOGNIZED): Unrecognized group type channel.");

    // A user the bridge's permissions leave out: 403 M_FORBIDDEN, said as such with the setting to change.
    const forbidden = (await client.whoami("@someone:elsewhere.example").catch((e: ApiError) => e)) as ApiError;
    expect(forbidden.code).toBe("bridge_forbidden");
    expect(forbidden.message).toBe("The WhatsApp bridge does not let @someone:elsewhere.example use it (User does not have login permissions).");
    expect(forbidden.hint).toContain('at least "user" in bridge.permissions');
  });

  it("cancels a login on the bridge when the moderator cancels it", async () => {
    const phone = await act("bridges.login", "apply", { bridge: "whatsapp", flowId: "phone" });
    const { loginId, stepId } = phone.body.result;
    const cancelled = await dash.api("POST", `/api/bridges/whatsapp/login/${loginId}/cancel`, { token, body: {} });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(dash.ctx.audit.list({ action: "bridges.login-cancel" })[0]).toMatchObject({ actor: c.moderators[0]!.userId, result: "ok", target: "whatsapp" });
    const after = await dash.api("POST", `/api/bridges/whatsapp/login/${loginId}/input`, { token, body: { stepId, fields: { phone_number: "+4915112345678" } } });
    expect(after.status).toBe(404);
    expect(after.body.error.code).toBe("bridge_login_not_found");
  });

  it("works without a shared secret: provisioning authenticated with the bot's own access token", async () => {
    await withDashboard(whatsappEnv(bed.bridge, { provisioning: "matrix" }), async (other) => {
      const t = await signIn(other, c.moderators[0]!);
      const plan = await other.api("POST", "/api/actions/bridges.login/plan", { token: t, body: { bridge: "whatsapp" } });
      expect(plan.status, plan.text).toBe(200);
      expect(plan.body.plan).toMatchObject({ loggedIn: true, logins: [{ id: "15550001111", state: "BAD_CREDENTIALS" }], flows: [{ id: "qr" }, { id: "phone" }] });
    });
  });
});
