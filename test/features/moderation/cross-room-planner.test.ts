import { describe, expect, it } from "vitest";
import { banEverywhere, kickEverywhere } from "../../../server/features/moderation/cross-room.ts";
import { BOT, FakeBot, MODERATOR_ROOM, capsContext, fakeJobs, fakeModerators, person } from "../../fakes/own/bot.ts";
import { fakeRoomIndex, memoryStore } from "../../fakes/own/rooms.ts";

const ADMIN = "@admin:example.org";
const ALICE = "@alice:example.org"; // moderator at 50
const TROLL = "@troll:example.org";
const GARDEN = "!garden:example.org"; // the bot at 100
const LOBBY = "!lobby:example.org"; // the bot at 0: cannot ban or kick there
const SPACE = "!space:example.org";

/** Inputs go through the action's schema first, as runAction does. */
const parsed = (raw: unknown) => banEverywhere.input.parse(raw);

function world() {
  const bot = new FakeBot({
    [MODERATOR_ROOM]: { creator: ADMIN, powerLevels: { users: { [ADMIN]: 100, [ALICE]: 50, [BOT]: 100 } }, members: { [ADMIN]: "join", [ALICE]: "join", [BOT]: "join" } },
    [GARDEN]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100, [ADMIN]: 100 } }, members: { [TROLL]: "join" } },
    [LOBBY]: { creator: ADMIN, powerLevels: { users: { [ADMIN]: 100 } }, members: { [TROLL]: "join" } },
    [SPACE]: {
      creator: ADMIN,
      powerLevels: { users: { [BOT]: 100 } },
      members: {},
      state: [{ type: "m.space.child", state_key: GARDEN, content: { via: ["example.org"] } }],
    },
  });
  const jobs = fakeJobs();
  const reloaded: string[] = [];
  const caps = {
    bot: Object.assign(bot, { sendStateEvent: async () => "$rule" }),
    moderators: fakeModerators(bot),
    rooms: fakeRoomIndex(bot, (room) => (room.isSpace = room.roomId === SPACE)),
    store: memoryStore(),
    rules: { reload: async (room: string) => void reloaded.push(room) },
    jobs,
  };
  return { bot, caps, jobs };
}

describe("moderation.ban / kick everywhere planned against fakes of our adapters", () => {
  it("plans every chosen room, skipping (with the reason) those where the bot lacks the power", async () => {
    const { caps } = world();
    const plan = await banEverywhere.plan(capsContext(caps, person(ALICE, 50)), parsed({ user: TROLL, targets: { kind: "rooms", rooms: [LOBBY, GARDEN] }, reason: "spam" }));
    expect(plan.rooms.map((r) => r.room)).toEqual([GARDEN, LOBBY]);
    expect(plan.count).toBe(1);
    expect(plan.skipped).toEqual([expect.objectContaining({ room: LOBBY, skipCode: "refuseBotBan" })]);
  });

  it("all rooms means the bot's rooms except spaces and the moderator room is judged like any other", async () => {
    const { caps } = world();
    const plan = await kickEverywhere.plan(capsContext(caps, person(ALICE, 50)), parsed({ user: TROLL, targets: { kind: "all" }, reason: "flood" }));
    expect(plan.rooms.map((r) => r.room)).not.toContain(SPACE);
    expect(plan.rooms.filter((r) => !r.skip).map((r) => r.room)).toEqual([GARDEN, MODERATOR_ROOM]);
  });

  it("a space target reaches the space's children the bot is in", async () => {
    const { caps } = world();
    const plan = await banEverywhere.plan(capsContext(caps, person(ALICE, 50)), parsed({ user: TROLL, targets: { kind: "space", space: SPACE } }));
    expect(plan.rooms).toEqual([{ room: GARDEN }]);
  });

  it("refuses outright when the target is a moderator at or above the actor, and never acts on the bot", async () => {
    const { caps, jobs } = world();
    const ctx = capsContext(caps, person(ALICE, 50));
    await expect(banEverywhere.plan(ctx, parsed({ user: ADMIN, targets: { kind: "rooms", rooms: [GARDEN] } }))).rejects.toMatchObject({ status: 403 });
    await expect(banEverywhere.plan(ctx, parsed({ user: BOT, targets: { kind: "rooms", rooms: [GARDEN] } }))).rejects.toMatchObject({ status: 400 });
    expect(jobs.submitted).toEqual([]);
  });

  it("apply starts one job with an item per planned room, keyed by the caller's idempotency key", async () => {
    const { caps, jobs } = world();
    const ctx = capsContext(caps, person(ALICE, 50));
    const input = parsed({ user: TROLL, targets: { kind: "rooms", rooms: [GARDEN, LOBBY] }, reason: "spam", idempotencyKey: "ban-wave-1" });
    const plan = await banEverywhere.plan(ctx, input);
    expect(await banEverywhere.apply(ctx, plan, input)).toEqual({ jobId: "job-1", rooms: 1 });
    expect(jobs.submitted).toEqual([
      expect.objectContaining({ kind: "moderation.cross-room", idempotencyKey: "ban:ban-wave-1", params: expect.objectContaining({ op: "ban", user: TROLL, reason: "spam" }), items: plan.rooms.map((r) => ({ key: r.room, data: r })) }),
    ]);
  });

  it("adding the ban to the ban list needs a list of the community's own", async () => {
    const { caps } = world();
    await expect(banEverywhere.plan(capsContext(caps, person(ALICE, 50)), parsed({ user: TROLL, targets: { kind: "rooms", rooms: [GARDEN] }, addToBanList: true }))).rejects.toMatchObject({ status: 409 });
  });
});
