import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Community } from "../../synapse/community.ts";
import type { TestDashboard } from "../../helpers/dashboard.ts";
import type { BridgeTestBed } from "../../fakes/mautrix-signal/test-bed.ts";
import { signalCommunity, type BridgedCommunity } from "../../helpers/bridged-community.ts";
import { command } from "../../helpers/commands.ts";

describe("!dash bridge", () => {
  let community: BridgedCommunity<BridgeTestBed>;
  let bed: BridgeTestBed;
  let c: Community;
  let dash: TestDashboard;

  beforeAll(async () => {
    community = await signalCommunity({ extraRooms: 1 });
    ({ bed, c, dash } = community);
  });
  afterAll(() => community?.stop());

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
