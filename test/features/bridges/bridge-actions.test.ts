import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCommunity, setRateLimitOverride, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { eventually } from "../../helpers/eventually.ts";
import { startBridgeTestBed, bridgeEnv, type BridgeTestBed } from "../../fakes/mautrix-signal/test-bed.ts";

type StateEvent = { type: string; state_key: string; content: any };
/** Plan steps or warnings as the English the chat and the CLI print, one a line. */
const texts = (said: Array<{ text: string }>) => said.map((s) => s.text).join("\n");

const LOGIN = { id: "+15550001111", name: "Community Signal", state: "CONNECTED" };

describe("bridging rooms with Signal groups through mautrix-signal", () => {
  let bed: BridgeTestBed;
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  const act = (name: string, mode: "plan" | "apply", body: unknown) => dash.api("POST", `/api/actions/${name}/${mode}`, { token, body });
  const state = (roomId: string): Promise<StateEvent[]> => c.bot.client.allState(roomId);
  const bridgeOf = (events: StateEvent[]) => events.find((e) => e.type === "m.bridge" && e.content?.bridgebot)?.content;
  const memberOf = (events: StateEvent[], userId: string) => events.find((e) => e.type === "m.room.member" && e.state_key === userId)?.content?.membership;
  const levelOf = (events: StateEvent[], userId: string) => events.find((e) => e.type === "m.room.power_levels")?.content?.users?.[userId];
  const health = async (roomId: string) => (await dash.api("GET", `/api/rooms/${encodeURIComponent(roomId)}`, { token })).body.room.bridgeHealth;

  beforeAll(async () => {
    bed = await startBridgeTestBed();
    c = await seedCommunity(bed.synapse, { moderators: 1, members: 1, extraRooms: 4 });
    // Bridge commands are messages: the bot is exempted, as doctor recommends, so the limiter does not slow the suite.
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    bed.bridge.state.logins.set(c.bot.userId, [LOGIN]);
    // Relay mode as a bridge's config.yaml allows it: relay.enabled, and the bot a bridge admin (relay.admin_only).
    bed.bridge.state.relay.enabled = true;
    bed.bridge.state.permissions[c.bot.userId] = "admin";
    dash = await startDashboard(c, bridgeEnv(bed.bridge));
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(async () => {
    await dash?.close();
    await bed?.stop();
  });

  it("lists the configured bridges for the widget, without their secrets", async () => {
    const res = await dash.api("GET", "/api/bridges", { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { network: "signal", displayName: "Signal", bot: bed.bridge.botUserId, commandPrefix: "!signal", provisioning: true, relayLogin: null, encryption: false, groupNameLimit: 32 },
    ]);
    expect(res.text).not.toContain(bed.bridge.secret);
  });

  it("creates a Signal group for a room: bridge bot joined at 100, m.bridge written, audited", async () => {
    const room = c.rooms[0]!.roomId;
    const plan = await act("bridges.create-group", "plan", { room });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body.plan).toMatchObject({ groupName: "Group 1", nameLimit: 32, inviteBridgeBot: true, raiseBridgeBotTo: 100, via: "provisioning" });
    expect(texts(plan.body.plan.steps)).toContain("limited to 32 bytes");
    expect(memberOf(await state(room), bed.bridge.botUserId)).toBeUndefined();

    const res = await act("bridges.create-group", "apply", { room });
    expect(res.status, res.text).toBe(200);
    const events = await state(room);
    expect(bridgeOf(events)).toMatchObject({ bridgebot: bed.bridge.botUserId, protocol: { id: "signal" }, channel: { id: res.body.result.remoteId, displayname: "Group 1" } });
    expect(memberOf(events, bed.bridge.botUserId)).toBe("join");
    expect(levelOf(events, bed.bridge.botUserId)).toBe(100);
    expect(dash.ctx.audit.list({ action: "bridges.create-group" })[0]).toMatchObject({ actor: c.moderators[0]!.userId, result: "ok", target: room });
    expect(await health(room)).toMatchObject({ status: "ok", bridged: true, network: "signal", puppets: 1, relay: false });
    expect(bed.bridge.errors).toEqual([]);
  });

  it("links an existing Signal group by chat id: puppets join, the directory shows it healthy", async () => {
    const room = c.rooms[1]!.roomId; // room version 10: the bot holds 100 and grants the bridge bot 100
    const chatId = "aGVsbG8tbmVpZ2hib3Vycy1ncm91cC0wMDAwMDAwMDA=";
    bed.bridge.state.groups.set(chatId, { id: chatId, name: "Neighbours", members: [{ id: "+15550002222", name: "Ann" }, { id: "+15550003333", name: "Bob" }] });
    const res = await act("bridges.link-group", "apply", { room, chatId });
    expect(res.status, res.text).toBe(200);
    expect(res.body.result).toMatchObject({ remoteId: chatId, linked: true });
    const events = await state(room);
    expect(bridgeOf(events)).toMatchObject({ bridgebot: bed.bridge.botUserId, channel: { id: chatId, displayname: "Neighbours" } });
    expect(memberOf(events, bed.bridge.botUserId)).toBe("join");
    expect(levelOf(events, bed.bridge.botUserId)).toBe(100);
    expect(bed.bridge.commands.at(-1)).toMatchObject({ roomId: room, sender: c.bot.userId, body: `!signal bridge ${chatId}` });
    expect(dash.ctx.audit.list({ action: "bridges.link-group" })[0]).toMatchObject({ result: "ok", target: room });
    // The bridge adds its puppets after it has written m.bridge, as mautrix does: wait for them.
    await eventually(async () => expect(await health(room)).toMatchObject({ status: "ok", puppets: 2, remoteChat: { id: chatId, name: "Neighbours" }, relay: null }));

    const listed = await dash.api("GET", "/api/rooms?bridged=true&limit=100", { token });
    const entry = listed.body.rooms.find((r: any) => r.roomId === room);
    expect(entry.bridge).toMatchObject({ protocol: "signal", channelId: chatId });
    expect(entry.bridgeHealth).toMatchObject({ status: "ok", bridgeBot: { membership: "join", powerLevel: 100, neededLevel: 50 }, puppets: 2 });
    const unbridged = (await dash.api("GET", "/api/rooms?bridged=false&limit=100", { token })).body.rooms.find((r: any) => r.roomId === c.rooms[3]!.roomId);
    expect(unbridged.bridgeHealth).toBeNull();
  });

  it("turns relay on and off, and reads it back", async () => {
    const room = c.rooms[1]!.roomId;
    const on = await act("bridges.set-relay", "apply", { room, enabled: true });
    expect(on.status, on.text).toBe(200);
    expect(bed.bridge.state.portals.get(room)?.relay).toBe(LOGIN.id);
    expect(await health(room)).toMatchObject({ relay: true });
    const off = await act("bridges.set-relay", "apply", { room, enabled: false });
    expect(off.status, off.text).toBe(200);
    expect(bed.bridge.state.portals.get(room)?.relay).toBeNull();
    expect(await health(room)).toMatchObject({ relay: false });
    // Turning off what is already off is no error (bridgev2: "This portal doesn't have a relay set.").
    expect((await act("bridges.set-relay", "apply", { room, enabled: false })).status).toBe(200);
    expect(dash.ctx.audit.list({ action: "bridges.set-relay" }).map((a) => a.result)).toEqual(["ok", "ok", "ok"]);
  });

  it("resyncs a bridged room (the bridge confirms with a reaction)", async () => {
    const res = await act("bridges.resync", "apply", { room: c.rooms[1]!.roomId });
    expect(res.status, res.text).toBe(200);
    expect(bed.bridge.commands.at(-1)?.body).toBe("!signal sync-portal");
  });

  it("unlinks: m.bridge emptied, bridge bot and puppets gone, health off", async () => {
    const room = c.rooms[1]!.roomId;
    const plan = await act("bridges.unlink", "plan", { room });
    expect(plan.status, plan.text).toBe(200);
    expect(texts(plan.body.plan.steps)).toContain("!signal unbridge");
    const res = await act("bridges.unlink", "apply", { room });
    expect(res.status, res.text).toBe(200);
    expect(bridgeOf(await state(room))).toBeUndefined();
    // The bridge bot and the puppets leave after the unbridge, on the bridge's own time.
    await eventually(async () => {
      const events = await state(room);
      expect(memberOf(events, bed.bridge.botUserId)).toBe("leave");
      expect(events.filter((e) => e.type === "m.room.member" && e.state_key.startsWith("@signal_") && e.content.membership === "join")).toEqual([]);
    });
    expect(await health(room)).toMatchObject({ status: "off", bridged: false, puppets: 0 });
    expect(dash.ctx.audit.list({ action: "bridges.unlink" })[0]).toMatchObject({ result: "ok", target: room });
    const again = await act("bridges.unlink", "plan", { room });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("bridge_not_bridged");
  });

  it("creates a room from a template and its Signal group in one step", async () => {
    const res = await act("bridges.create-room-with-group", "apply", { template: "community", name: `Signal ${c.tag}`, relay: true });
    expect(res.status, res.text).toBe(200);
    const room = res.body.result.roomId;
    const events = await state(room);
    expect(bridgeOf(events)).toMatchObject({ channel: { id: res.body.result.remoteId, displayname: `Signal ${c.tag}` } });
    expect(memberOf(events, bed.bridge.botUserId)).toBe("join");
    expect(levelOf(events, bed.bridge.botUserId)).toBe(100);
    expect(memberOf(events, c.moderators[0]!.userId)).toBe("invite");
    expect(bed.bridge.state.portals.get(room)?.relay).toBe(LOGIN.id);
    expect(dash.ctx.audit.list({ action: "bridges.create-room-with-group" })[0]).toMatchObject({ result: "ok" });
    expect(await health(room)).toMatchObject({ status: "ok", relay: true });
  });

  it("falls back to bot commands when no provisioning API is configured", async () => {
    const commandsOnly = await startDashboard(c, bridgeEnv(bed.bridge, { provisioning: false }));
    try {
      const modToken = await signIn(commandsOnly, c.moderators[0]!);
      const room = c.rooms[2]!.roomId;
      const plan = await commandsOnly.api("POST", "/api/actions/bridges.create-group/plan", { token: modToken, body: { room } });
      expect(plan.body.plan).toMatchObject({ via: "command", nameLimit: 32 });
      const res = await commandsOnly.api("POST", "/api/actions/bridges.create-group/apply", { token: modToken, body: { room } });
      expect(res.status, res.text).toBe(200);
      expect(bed.bridge.commands.at(-1)).toMatchObject({ roomId: room, body: "!signal create" });
      expect(bridgeOf(await state(room))).toMatchObject({ channel: { id: res.body.result.remoteId, displayname: "Group 3" } });
    } finally {
      await commandsOnly.close();
    }
  });

  it("reports health problems: encrypted room without bridge encryption, bridge bot gone", async () => {
    const room = c.rooms[3]!.roomId;
    await c.bot.client.sendState(room, "m.room.encryption", "", { algorithm: "m.megolm.v1.aes-sha2" });
    const plan = await act("bridges.create-group", "plan", { room });
    expect(texts(plan.body.plan.warnings)).toContain("encrypted");
    expect((await act("bridges.create-group", "apply", { room })).status).toBe(200);
    expect(await health(room)).toMatchObject({ status: "warn", encryptionWarning: true });
    await bed.bridge.as.leave(room);
    const h = await health(room);
    expect(h).toMatchObject({ status: "fail", bridged: true, bridgeBot: { membership: "leave" } });
    expect(h.problems.join(" ")).toContain("not in the room");
    expect(bed.bridge.errors).toEqual([]);
  });
});
