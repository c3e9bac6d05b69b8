import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCommunity, setRateLimitOverride, type Community } from "../../synapse/community.ts";
import { startDashboard, type TestDashboard } from "../../helpers/dashboard.ts";
import { startBridgeTestBed, bridgeEnv, type BridgeTestBed } from "../../fakes/mautrix-signal/test-bed.ts";
import { command } from "../../helpers/commands.ts";

describe("!dash bridge", () => {
  let bed: BridgeTestBed;
  let c: Community;
  let dash: TestDashboard;

  beforeAll(async () => {
    bed = await startBridgeTestBed();
    c = await seedCommunity(bed.synapse, { moderators: 1, members: 0, extraRooms: 1 });
    // Commands, replies and bridge commands are all messages: exempt both sides from the limiter for speed.
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    await setRateLimitOverride(c.bot.client, c.moderators[0]!.userId, true);
    bed.bridge.state.logins.set(c.bot.userId, [{ id: "+15550001111", name: "Community Signal", state: "CONNECTED" }]);
    dash = await startDashboard(c, bridgeEnv(bed.bridge));
  });
  afterAll(async () => {
    await dash?.close();
    await bed?.stop();
  });

  it("plans the bridge, runs it on confirm, and the room carries m.bridge", async () => {
    const mod = c.moderators[0]!.client;
    const room = c.rooms[0]!;
    const planned = await command(mod, c.moderatorRoom.roomId, `!dash bridge signal ${room.alias}`, c.bot.userId);
    expect(planned.reply.body).toContain("Bridging with signal");
    const code = /confirm (\w{6})/.exec(planned.reply.body)?.[1];
    expect(code).toBeDefined();
    const done = await command(mod, c.moderatorRoom.roomId, `!dash confirm ${code}`, c.bot.userId, { timeoutMs: 60_000 });
    expect(done.reply.body).toContain("now bridged");
    const state = await c.bot.client.allState(room.roomId);
    expect(state.find((e) => e.type === "m.bridge")?.content.bridgebot).toBe(bed.bridge.botUserId);
    expect(dash.ctx.audit.list({ action: "bridges.create-group" })[0]).toMatchObject({ actor: c.moderators[0]!.userId, actorKind: "command", result: "ok" });
  });

  it("answers a bad network with the usage", async () => {
    const res = await command(c.moderators[0]!.client, c.moderatorRoom.roomId, "!dash bridge irc #x", c.bot.userId);
    expect(res.reply.body).toContain("signal, whatsapp or telegram");
    expect(res.reply.body).toContain("bridge <signal|whatsapp|telegram> <room>");
  });
});
