import { describe, expect, it } from "vitest";
import { crossRoomJob } from "../../../server/features/moderation/cross-room.ts";
import type { CrossRoomItem } from "../../../shared/plans.ts";
import { FakeBot, jobContext, jobItem } from "../../fakes/own/bot.ts";

const ADMIN = "@admin:example.org";
const TROLL = "@troll:example.org";
const FRIEND = "@friend:example.org";
const ROOMS = { joined: "!joined:example.org", banned: "!banned:example.org", left: "!left:example.org", invited: "!invited:example.org" };

type Params = Parameters<typeof crossRoomJob.runItem>[1];

function world() {
  const room = (membership: string) => ({ creator: ADMIN, powerLevels: {}, members: { [TROLL]: membership } });
  const bot = new FakeBot({ [ROOMS.joined]: room("join"), [ROOMS.banned]: room("ban"), [ROOMS.left]: room("leave"), [ROOMS.invited]: room("invite") });
  return { bot, caps: { bot } };
}

const runIn = (caps: ReturnType<typeof world>["caps"], params: Params, data: CrossRoomItem, attempts = 0) =>
  crossRoomJob.runItem(jobContext(caps, "wave-1"), params, jobItem(data, { attempts, key: data.room }));

describe("the cross-room moderation job's items, run against a fake of our Bot adapter", () => {
  it("acts only where the person's membership calls for it, and skips (saying why) everywhere else", async () => {
    const { bot, caps } = world();
    const states = async (op: Params["op"]) => {
      const out: Record<string, string> = {};
      for (const [name, room] of Object.entries(ROOMS)) out[name] = (await runIn(world().caps, { op, user: TROLL, reason: "spam" }, { room })).state;
      return out;
    };
    expect(await states("ban")).toEqual({ joined: "done", banned: "skipped", left: "done", invited: "done" });
    expect(await states("unban")).toEqual({ joined: "skipped", banned: "done", left: "skipped", invited: "skipped" });
    expect(await states("kick")).toEqual({ joined: "done", banned: "skipped", left: "skipped", invited: "done" });
    const skipped = await runIn(caps, { op: "ban", user: TROLL, reason: null }, { room: ROOMS.banned });
    expect(skipped).toEqual({ state: "skipped", message: expect.objectContaining({ code: "itemNothingToDo", params: { membership: "ban" } }) });
    expect(bot.writes).toEqual([]);
  });

  it("leaves a room alone that the plan's guardrails refused, even when the membership would call for it", async () => {
    const { bot, caps } = world();
    const refused = { room: ROOMS.joined, skip: "the bot cannot ban here", skipCode: "refuseBotBan", skipParams: { needed: 50, level: 0 } };
    expect(await runIn(caps, { op: "ban", user: TROLL, reason: "spam" }, refused)).toEqual({ state: "skipped", message: { code: "refuseBotBan", params: { needed: 50, level: 0 }, text: "the bot cannot ban here" } });
    expect(bot.writes).toEqual([]);
  });

  it("redacts only the person's own messages with content, and run again after a crash redacts nothing twice", async () => {
    const { bot, caps } = world();
    bot.rooms[ROOMS.joined]!.events = [
      { event_id: "$spam", type: "m.room.message", sender: TROLL, content: { msgtype: "m.text", body: "buy now" } },
      { event_id: "$topic", type: "m.room.topic", sender: TROLL, state_key: "", content: { topic: "spam" } },
      { event_id: "$gone", type: "m.room.message", sender: TROLL, content: {} },
      { event_id: "$kind", type: "m.room.message", sender: FRIEND, content: { msgtype: "m.text", body: "hello" } },
    ];
    const params: Params = { op: "redact", user: TROLL, reason: null, limitPerRoom: 10 };
    expect(await runIn(caps, params, { room: ROOMS.joined })).toEqual({ state: "done", result: { redacted: 1 } });
    expect(await runIn(caps, params, { room: ROOMS.joined }, 1)).toEqual({ state: "done", result: { redacted: 0 } });
    expect(bot.writes).toEqual([{ op: "redact", room: ROOMS.joined, event: "$spam", reason: "Removed by moderators" }]);
  });
});
