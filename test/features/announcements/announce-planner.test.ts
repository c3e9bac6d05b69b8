import { describe, expect, it } from "vitest";
import { announce } from "../../../server/features/announcements/announce.ts";
import type { BotDevice } from "../../../server/kernel/matrix/bot-device.ts";
import { BOT, FakeBot, capsContext, fakeJobs, person } from "../../fakes/own/bot.ts";
import { fakeRoomIndex, memoryStore } from "../../fakes/own/rooms.ts";

const ADMIN = "@admin:example.org";
const OPEN = "!open:example.org"; // the bot at 100: may post, notify everyone and pin
const QUIET = "!quiet:example.org"; // the bot at 10: may post, but not @room (50) nor pin (50)
const READ_ONLY = "!announcements-only:example.org"; // posting needs 50, the bot has 0
const SECRET = "!secret:example.org"; // encrypted

/** Inputs go through the action's schema first, as runAction does. */
const parsed = (raw: unknown) => announce.input.parse(raw);

function world() {
  const bot = new FakeBot({
    [OPEN]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100 } }, members: {} },
    [QUIET]: { creator: ADMIN, powerLevels: { users: { [BOT]: 10 } }, members: {} },
    [READ_ONLY]: { creator: ADMIN, powerLevels: { users: { [ADMIN]: 100 }, events_default: 50 }, members: {} },
    [SECRET]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100 } }, members: {}, encrypted: true },
  });
  const jobs = fakeJobs();
  return { bot, jobs, caps: { bot, rooms: fakeRoomIndex(bot), store: memoryStore(), jobs } };
}

describe("announcements.send planned against fakes of our adapters", () => {
  it("decides from the room index which rooms get it, and says why the others do not", async () => {
    const { caps } = world();
    const plan = await announce.plan(capsContext(caps, person(ADMIN, 100)), parsed({ markdown: "**Meeting** on Friday", targets: { kind: "all" } }));
    expect(plan.count).toBe(2);
    expect(plan.skipped).toEqual([
      { room: READ_ONLY, reason: { code: "announcements.skip-may-not-post", params: { level: 0, needed: 50 }, text: "the bot may not post here (level 0, 50 needed)" } },
      { room: SECRET, reason: expect.objectContaining({ code: "announcements.skip-encrypted", text: expect.stringContaining("encrypted room and end-to-end encryption is off") }) },
    ]);
    expect(plan.message.formatted_body).toContain("<strong>Meeting</strong>");
  });

  it("lists where @room and pinning are out of the bot's reach instead of refusing", async () => {
    const { caps } = world();
    const plan = await announce.plan(capsContext(caps, person(ADMIN, 100)), parsed({ markdown: "hi", targets: { kind: "rooms", rooms: [OPEN, QUIET] }, notifyRoom: true, pin: true }));
    expect(plan.rooms).toEqual([
      { room: OPEN, notify: true, pin: true, encrypted: false },
      { room: QUIET, notify: false, pin: false, encrypted: false },
    ]);
    expect(plan.limited.map((l) => l.room)).toEqual([QUIET, QUIET]);
    expect(plan.warnings).toHaveLength(1);
  });

  it("with the bot's device open, encrypted rooms get it encrypted and the plain-text choice falls away", async () => {
    const { bot, caps, jobs } = world();
    bot.encryption = { on: true, device: {} as BotDevice, crossSigning: { deviceSigned: true, identityOwned: true } };
    const input = parsed({ markdown: "hi", targets: { kind: "rooms", rooms: [SECRET] }, plaintextInEncryptedRooms: true, idempotencyKey: "announce-friday" });
    const ctx = capsContext(caps, person(ADMIN, 100));
    const plan = await announce.plan(ctx, input);
    expect(plan.skipped).toEqual([]);
    const result = await announce.apply(ctx, plan, input);
    expect(result).toMatchObject({ jobId: "job-1", rooms: 1, plaintextInEncryptedRooms: false });
    expect(jobs.submitted[0]).toMatchObject({ kind: "announcements.send", idempotencyKey: "announce:announce-friday", items: [{ key: SECRET, data: { room: SECRET, encrypted: true } }] });
  });

  it("refuses targets that match no room", async () => {
    const { caps } = world();
    await expect(announce.plan(capsContext(caps, person(ADMIN, 100)), parsed({ markdown: "hi", targets: { kind: "tag", tag: "nowhere" } }))).rejects.toMatchObject({ status: 400 });
  });
});
