import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, setRateLimitOverride, type Community } from "../synapse/community.ts";
import { startDashboard, type TestDashboard } from "../helpers/dashboard.ts";
import { command, repliesTo } from "../helpers/commands.ts";
import type { BridgeTestBed } from "../fakes/mautrix-signal/test-bed.ts";
import { signalCommunity, type BridgedCommunity } from "../helpers/bridged-community.ts";
import { handleCommandEvent } from "../../server/entry/commands/handle-command.ts";
import { commandTable } from "../../server/entry/commands/command-table.ts";
import { features } from "../../server/features/all.ts";
import { Confirmations } from "../../server/kernel/commands/confirmations.ts";
import { JobProgress } from "../../server/entry/commands/job-progress.ts";
import { silentLogger } from "../helpers/silent-logger.ts";

const hs = inject("synapse");

/** The chat-command front door of the authority rules (issue #14), each refusal read back from Synapse. */
describe("authority through chat commands", () => {
  describe("rule 1: standing is re-read when a command is handled", () => {
    let c: Community;
    let dash: TestDashboard;

    beforeAll(async () => {
      c = await seedCommunity(hs, { moderators: 1, members: 1, extraRooms: 1 });
      await setRateLimitOverride(c.bot.client, c.bot.userId, true);
      dash = await startDashboard(c);
    });
    afterAll(() => dash?.close());

    it("a command written before its sender was banned from the moderator room is refused when it is handled, and invites nobody", async () => {
      const mod = c.moderators[0]!;
      const room = c.moderatorRoom.roomId;
      const target = c.rooms[0]!.roomId;
      const outsider = c.members[0]!.userId;
      await c.bot.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(target)}/kick`, { user_id: outsider });
      // Another prefix than the running dashboard's, so only this handler sees it: the command is
      // heard after the ban, as when the ban lands while the message is on its way to the bot.
      const text = `!late invite ${outsider} ${target}`;
      const eventId = await mod.client.send(room, text);
      await c.bot.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/ban`, { user_id: mod.userId, reason: "test" });
      expect((await c.bot.client.state(room, "m.room.power_levels")).users[mod.userId]).toBe(50);

      const app = { ...dash.ctx, config: { ...dash.ctx.config, commandPrefix: "!late" } };
      const logger = silentLogger();
      const deps = { app, logger, commands: commandTable(features), confirmations: new Confirmations(60_000), progress: new JobProgress(app, logger) };
      await handleCommandEvent(deps, room, { type: "m.room.message", sender: mod.userId, event_id: eventId, origin_server_ts: Date.now(), content: { msgtype: "m.text", body: text } });
      deps.progress.stop();
      const [reply] = await repliesTo(c.bot.client, room, eventId, c.bot.userId);
      expect(reply!.body).toContain(`${mod.userId} is not a moderator: banned from the moderator room`);
      expect((await c.bot.client.state(target, "m.room.member", outsider)).membership).toBe("leave");
      expect(dash.ctx.audit.list({ action: "rooms.invite" })).toEqual([]);
    });
  });

  describe("rule 2: a moderator cannot give a bridge bot standing in the moderator room", () => {
    let community: BridgedCommunity<BridgeTestBed>;
    let bed: BridgeTestBed;
    let c: Community;

    beforeAll(async () => {
      community = await signalCommunity();
      ({ bed, c } = community);
    });
    afterAll(() => community?.stop());

    it("`!dash bridge signal <moderator room>` from a level-50 moderator is refused: raising the bridge bot to 100 there needs an admin", async () => {
      const mod = c.moderators[0]!.client;
      const room = c.moderatorRoom.roomId;
      const res = await command(mod, room, `!dash bridge signal ${c.moderatorRoom.alias}`, c.bot.userId);
      expect(res.reply.body).toContain("Changing power levels in this room needs level 100");
      expect(res.reply.body).not.toMatch(/confirm [A-Z0-9]{6}/);
      const state = await c.bot.client.allState(room);
      expect(state.find((e) => e.type === "m.room.power_levels")!.content.users[bed.bridge.botUserId]).toBeUndefined();
      expect(state.find((e) => e.type === "m.room.member" && e.state_key === bed.bridge.botUserId)).toBeUndefined();
      expect(state.find((e) => e.type === "m.bridge")).toBeUndefined();
    });
  });
});
