import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCommunity, setRateLimitOverride, communityEnv, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { startBridgeTestBed, bridgeEnv, type BridgeTestBed } from "../../fakes/mautrix-signal/test-bed.ts";
import { freePort } from "../../synapse/free-port.ts";
import { loadConfig } from "../../../server/kernel/config/config.ts";
import { Bot } from "../../../server/kernel/matrix/bot.ts";
import { runDoctor } from "../../../server/features/health/checks.ts";

const LOGIN = { id: "+15550001111", name: "Community Signal", state: "CONNECTED" };

let bed: BridgeTestBed;
beforeAll(async () => {
  bed = await startBridgeTestBed();
});
afterAll(() => bed?.stop());

describe("bridge errors say what happened and what to do", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  const act = (name: string, mode: "plan" | "apply", body: unknown, on = dash, as = token) =>
    on.api("POST", `/api/actions/${name}/${mode}`, { token: as, body });
  /** Another dashboard on the same community with other bridge settings, for one test. */
  async function withDashboard<T>(env: Record<string, string>, run: (d: TestDashboard, t: string) => Promise<T>): Promise<T> {
    const other = await startDashboard(c, env);
    try {
      return await run(other, await signIn(other, c.moderators[0]!));
    } finally {
      await other.close();
    }
  }
  /** A room a member made: the dashboard's bot is invited with the given power level. */
  async function memberRoom(name: string, botLevel: number, events: Record<string, number> = {}): Promise<string> {
    const room = await c.members[0]!.client.createRoom({
      preset: "private_chat",
      name,
      invite: [c.bot.userId],
      power_level_content_override: { users: botLevel ? { [c.bot.userId]: botLevel } : {}, events },
    });
    await c.bot.client.join(room);
    return room;
  }

  beforeAll(async () => {
    c = await seedCommunity(bed.synapse, { moderators: 1, members: 1, extraRooms: 3 });
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    bed.bridge.state.logins.set(c.bot.userId, [LOGIN]);
    dash = await startDashboard(c, bridgeEnv(bed.bridge));
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("bridge unreachable", async () => {
    const env = { ...bridgeEnv(bed.bridge), BRIDGE_SIGNAL_PROVISIONING_URL: `http://127.0.0.1:${await freePort()}` };
    const res = await withDashboard(env, (d, t) => act("bridges.create-group", "plan", { room: c.rooms[0]!.roomId }, d, t));
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: "bridge_unreachable" });
    expect(res.body.error.message).toContain("The Signal bridge cannot be reached: nothing is listening at that address (connection refused)");
    expect(res.body.error.hint).toContain("BRIDGE_SIGNAL_PROVISIONING_URL");
  });

  it("bad provisioning secret, which never reaches the log", async () => {
    const wrong = "not-the-bridge-secret-0123456789";
    const res = await withDashboard({ ...bridgeEnv(bed.bridge), BRIDGE_SIGNAL_SECRET: wrong }, async (d, t) => {
      expect(d.ctx.scrubber.scrub(`Bearer ${wrong}`)).toBe("Bearer [redacted]");
      return act("bridges.create-group", "plan", { room: c.rooms[0]!.roomId }, d, t);
    });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("bridge_secret_invalid");
    expect(res.body.error.message).toBe("The Signal bridge rejected the dashboard's provisioning secret.");
    expect(res.body.error.hint).toContain("BRIDGE_SIGNAL_SECRET");
  });

  it("acting user has no login on the bridge (provisioning, and the bridge's own reply)", async () => {
    bed.bridge.state.logins.delete(c.bot.userId);
    try {
      const planned = await act("bridges.create-group", "plan", { room: c.rooms[0]!.roomId });
      expect(planned.status).toBe(409);
      expect(planned.body.error.code).toBe("bridge_not_logged_in");
      expect(planned.body.error.message).toBe(`${c.bot.userId} has no Signal login on the bridge.`);
      expect(planned.body.error.hint).toContain(`send \`login\` to ${bed.bridge.botUserId}`);

      // Without provisioning nothing can be checked beforehand: the bridge bot's answer is the error.
      const chatId = "bm8tbG9naW4tZ3JvdXAtMDAwMDAwMDAwMDAwMDA=";
      bed.bridge.state.groups.set(chatId, { id: chatId, name: "No login", members: [] });
      const applied = await withDashboard(bridgeEnv(bed.bridge, { provisioning: false }), (d, t) =>
        act("bridges.link-group", "apply", { room: c.rooms[1]!.roomId, chatId }, d, t),
      );
      expect(applied.status).toBe(409);
      expect(applied.body.error.code).toBe("bridge_not_logged_in");
      expect(applied.body.error.message).toContain("You're not logged in");
    } finally {
      bed.bridge.state.logins.set(c.bot.userId, [LOGIN]);
    }
  });

  it("a relay login that is not the acting user's", async () => {
    const res = await withDashboard(bridgeEnv(bed.bridge, { relayLogin: "+15559999999" }), (d, t) =>
      act("bridges.create-group", "plan", { room: c.rooms[0]!.roomId }, d, t),
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("login +15559999999 from BRIDGE_SIGNAL_RELAY_LOGIN is not among its logins (+15550001111)");
  });

  it("insufficient power level: the dashboard's bot", async () => {
    const room = await memberRoom(`Low bot ${c.tag}`, 0);
    const res = await act("bridges.create-group", "plan", { room });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("bridge_power_level");
    expect(res.body.error.message).toBe(`The dashboard bot ${c.bot.userId} has power level 0 in ${room}; Signal bridging commands (m.bridge) needs 50.`);
    expect(res.body.error.hint).toContain(`Raise ${c.bot.userId} to at least 50`);
  });

  it("insufficient power level: the bridge bot's, when the dashboard cannot raise it", async () => {
    const room = await memberRoom(`Locked levels ${c.tag}`, 60, { "m.room.power_levels": 100 });
    const res = await act("bridges.link-group", "plan", { room, chatId: "c29tZS1ncm91cA==" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("bridge_power_level");
    expect(res.body.error.message).toContain(`The bridge bot ${bed.bridge.botUserId} has power level 0 in ${room} and needs 50 for m.bridge`);
    expect(res.body.error.message).toContain("changing power levels needs 100");
    expect(res.body.error.hint).toContain(`Raise ${bed.bridge.botUserId} to 100`);
  });

  it("group name too long for Signal, said by the plan before anything changes", async () => {
    const longName = "Neighbourhood mutual aid — north side";
    const room = await c.bot.client.createRoom({ preset: "private_chat", name: longName });
    const res = await act("bridges.create-group", "plan", { room });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "bridge_name_too_long", field: "groupName" });
    // 37 characters but 39 bytes: mautrix counts UTF-8 bytes, and "—" takes 3.
    expect(res.body.error.message).toBe(`The Signal bridge limits group names to 32 bytes of UTF-8; "${longName}" has 39 (37 characters: accented letters take 2 bytes, emoji 4).`);
    expect((await c.bot.client.allState(room)).some((e) => e.state_key === bed.bridge.botUserId)).toBe(false);
    const shorter = await act("bridges.create-group", "plan", { room, groupName: "Mutual aid north" });
    expect(shorter.status, shorter.text).toBe(200);
    expect(shorter.body.plan.groupName).toBe("Mutual aid north");
  });

  it("room already bridged (by another bridge, or the chat to another room)", async () => {
    const hookshotRoom = c.rooms[2]!.roomId;
    await c.bot.client.sendState(hookshotRoom, "m.bridge", "hookshot", { bridgebot: `@hookshot:${bed.synapse.serverName}`, protocol: { id: "github" }, channel: { id: "org/repo" } });
    const res = await act("bridges.create-group", "plan", { room: hookshotRoom });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("bridge_already_bridged");
    expect(res.body.error.message).toContain(`${hookshotRoom} is already bridged (github chat "org/repo"`);

    const first = await c.bot.client.createRoom({ preset: "private_chat", name: `First ${c.tag}` });
    const created = await act("bridges.create-group", "apply", { room: first });
    expect(created.status, created.text).toBe(200);
    const second = await c.bot.client.createRoom({ preset: "private_chat", name: `Second ${c.tag}` });
    const linked = await act("bridges.link-group", "apply", { room: second, chatId: created.body.result.remoteId });
    expect(linked.status).toBe(409);
    expect(linked.body.error.message).toContain("That chat is already bridged to [First");
    expect(dash.ctx.audit.list({ action: "bridges.link-group" })[0]).toMatchObject({ result: "error", target: second });
    const again = await act("bridges.link-group", "plan", { room: first, chatId: created.body.result.remoteId });
    expect(again.body.error.code).toBe("bridge_already_bridged");
  });

  it("a bridge that is not configured, and a chat ID that cannot be one", async () => {
    const res = await act("bridges.create-group", "plan", { room: c.rooms[0]!.roomId, bridge: "whatsapp" });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "bridge_not_configured", message: "No whatsapp bridge is configured (configured: signal)." });
    const bad = await act("bridges.link-group", "plan", { room: c.rooms[0]!.roomId, chatId: "two words" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("chatId");
  });
});

describe("doctor checks each bridge", () => {
  let c: Community;
  const doctor = (extra: Record<string, string>) => {
    const config = loadConfig(communityEnv(c, extra));
    const bot = new Bot({ homeserverUrl: config.homeserverUrl, accessToken: config.accessToken, userId: config.botUserId });
    return runDoctor({ config, bot, roomCreation: async () => ({ id: "room-creation", title: "", required: true, status: "ok", summary: "skipped in this test" }) });
  };
  const bridgeChecks = async (extra: Record<string, string>) =>
    Object.fromEntries((await doctor(extra)).checks.filter((k) => k.id.startsWith("bridge-")).map((k) => [k.id, k]));

  beforeAll(async () => {
    c = await seedCommunity(bed.synapse, { moderators: 1, members: 0, extraRooms: 0 });
  });

  it("is green for a reachable bridge, a valid secret and a connected login", async () => {
    bed.bridge.state.logins.set(c.bot.userId, [LOGIN]);
    const checks = await bridgeChecks(bridgeEnv(bed.bridge));
    expect(checks["bridge-signal"]).toMatchObject({ status: "ok", required: false });
    expect(checks["bridge-signal-secret"]).toMatchObject({ status: "ok" });
    expect(checks["bridge-signal-logins"]).toMatchObject({ status: "ok", summary: `Logins of ${c.bot.userId}: Community Signal (+15550001111, CONNECTED).` });
  });

  it("names a bad secret, an unreachable bridge and missing logins", async () => {
    const badSecret = await bridgeChecks({ ...bridgeEnv(bed.bridge), BRIDGE_SIGNAL_SECRET: "0123456789abcdef-wrong" });
    expect(badSecret["bridge-signal"]!.status).toBe("ok");
    expect(badSecret["bridge-signal-secret"]).toMatchObject({ status: "fail", cause: "The Signal bridge rejected the dashboard's provisioning secret." });
    expect(badSecret["bridge-signal-logins"]!.status).toBe("skipped");

    const down = await bridgeChecks({ ...bridgeEnv(bed.bridge), BRIDGE_SIGNAL_PROVISIONING_URL: `http://127.0.0.1:${await freePort()}` });
    expect(down["bridge-signal"]).toMatchObject({ status: "fail" });
    expect(down["bridge-signal"]!.cause).toContain("connection refused");
    expect(down["bridge-signal-secret"]!.status).toBe("skipped");

    bed.bridge.state.logins.set(c.bot.userId, [{ ...LOGIN, state: "BAD_CREDENTIALS" }]);
    expect((await bridgeChecks(bridgeEnv(bed.bridge)))["bridge-signal-logins"]).toMatchObject({ status: "warn" });
    bed.bridge.state.logins.delete(c.bot.userId);
    const none = (await bridgeChecks(bridgeEnv(bed.bridge)))["bridge-signal-logins"]!;
    expect(none).toMatchObject({ status: "fail", summary: `${c.bot.userId} has no Signal login on the bridge.` });
  });

  it("without provisioning, checks that the bridge bot exists on the homeserver", async () => {
    expect((await bridgeChecks(bridgeEnv(bed.bridge, { provisioning: false })))["bridge-signal"]!.status).toBe("ok");
    const typo = await bridgeChecks({ BRIDGE_SIGNAL_BOT: `@signal-bot:${bed.synapse.serverName}` });
    expect(typo["bridge-signal"]).toMatchObject({ status: "fail", summary: `@signal-bot:${bed.synapse.serverName} does not exist on the homeserver.` });
  });
});
