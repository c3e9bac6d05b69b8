import { describe, expect, it } from "vitest";
import { ANNOUNCEMENT_MARKER, announceJob } from "../../../server/features/announcements/announce.ts";
import type { AnnounceItem } from "../../../shared/plans.ts";
import { BOT, FakeBot, jobContext, jobItem } from "../../fakes/own/bot.ts";

const ADMIN = "@admin:example.org";
const GARDEN = "!garden:example.org";
const SECRET = "!secret:example.org";
const JOB = "announce-1";

const message = { body: "Meeting on Friday", format: "org.matrix.custom.html" as const, formatted_body: "<p>Meeting on Friday</p>" };
type Params = Parameters<typeof announceJob.runItem>[1];

function world() {
  const bot = new FakeBot({
    [GARDEN]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100 } }, members: { [BOT]: "join" } },
    [SECRET]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100 } }, members: { [BOT]: "join" }, encrypted: true },
  });
  return { bot, caps: { bot } };
}

const send = (caps: ReturnType<typeof world>["caps"], params: Params, data: AnnounceItem, attempts = 0) =>
  announceJob.runItem(jobContext(caps, JOB), params, jobItem(data, { seq: 3, attempts, key: data.room }));

describe("the announcement job's send item, run against a fake of our Bot adapter", () => {
  it("notifies everyone only where the plan found the bot may: the item's notify outranks the job-wide wish", async () => {
    const { bot, caps } = world();
    await send(caps, { message, notifyRoom: true }, { room: GARDEN, notify: false, encrypted: false });
    await send(caps, { message, notifyRoom: false }, { room: GARDEN, notify: true, encrypted: false });
    expect(bot.writes.map((w) => [(w.content as { body: string }).body, w.mentions])).toEqual([
      ["Meeting on Friday", {}],
      ["@room Meeting on Friday", { room: true }],
    ]);
    expect(bot.writes.every((w) => (w.content as Record<string, unknown>)[ANNOUNCEMENT_MARKER] === JOB)).toBe(true);
  });

  it("never posts plain text by surprise: planned for an encrypted room, it fails once encryption is off, unless the moderator chose plain text", async () => {
    const { bot, caps } = world();
    const refused = await send(caps, { message, notifyRoom: false }, { room: SECRET, encrypted: true });
    expect(refused).toMatchObject({ state: "failed", message: { code: "itemEncryptionOff" } });
    expect(bot.writes).toEqual([]);
    expect(await send(caps, { message, notifyRoom: false, plaintextInEncryptedRooms: true }, { room: SECRET, encrypted: true })).toMatchObject({ state: "done" });
    expect(bot.writes).toHaveLength(1);
  });

  it("run again after a crash, an item that reached the room is not sent twice, and is pinned once", async () => {
    const { bot, caps } = world();
    // What the crashed process delivered: the bot's message carrying this job's marker.
    bot.rooms[GARDEN]!.events = [{ event_id: "$delivered", type: "m.room.message", sender: BOT, content: { msgtype: "m.text", body: "Meeting on Friday", [ANNOUNCEMENT_MARKER]: JOB } }];
    const item = { room: GARDEN, pin: true, encrypted: false };
    const again = await send(caps, { message, notifyRoom: false }, item, 1);
    expect(again).toMatchObject({ state: "done", result: { eventId: "$delivered", pinned: true }, message: { code: "itemDeliveredBefore" } });
    expect(await send(caps, { message, notifyRoom: false }, item, 2)).toMatchObject({ state: "done", result: { eventId: "$delivered", pinned: true } });
    expect(bot.writes.map((w) => w.op)).toEqual(["state"]);
    expect(await bot.stateContent(GARDEN, "m.room.pinned_events")).toEqual({ pinned: ["$delivered"] });
  });

  it("a room the plan skipped gets nothing", async () => {
    const { bot, caps } = world();
    expect(await send(caps, { message, notifyRoom: true }, { room: GARDEN, skip: "the bot may not post here" })).toEqual({ state: "skipped", message: "the bot may not post here" });
    expect(bot.writes).toEqual([]);
  });
});
