import { describe, expect, it } from "vitest";
import { kickFromRoom } from "../../../server/features/rooms/kick.ts";
import { setPowerLevel } from "../../../server/features/rooms/set-power-level.ts";
import { ApiError } from "../../../server/kernel/errors/api-error.ts";
import { BOT, FakeBot, MODERATOR_ROOM, capsContext, fakeModerators, person } from "../../fakes/own/bot.ts";

const ROOM = "!garden:example.org";
const ALICE = "@alice:example.org"; // moderator at 50
const ADMIN = "@admin:example.org"; // admin at 100
const TROLL = "@troll:example.org";

/** The moderator room and one community room where the bot is at 100; fresh for each test. */
function world() {
  const bot = new FakeBot({
    // Only admins may change the moderator room's levels (Matrix's rule, which the dashboard follows there).
    [MODERATOR_ROOM]: { creator: ADMIN, powerLevels: { users: { [ADMIN]: 100, [ALICE]: 50, [BOT]: 100 }, events: { "m.room.power_levels": 100 } }, members: { [ADMIN]: "join", [ALICE]: "join", [BOT]: "join" } },
    [ROOM]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100, [ALICE]: 50, [ADMIN]: 100 }, kick: 50 }, members: { [TROLL]: "join", [ALICE]: "join" } },
  });
  return { bot, caps: { bot, moderators: fakeModerators(bot) } };
}

describe("rooms.kick planned against fakes of our adapters", () => {
  it("plans the kick of a joined member and apply removes them", async () => {
    const { bot, caps } = world();
    const ctx = capsContext(caps, person(ALICE, 50));
    const plan = await kickFromRoom.plan(ctx, { room: ROOM, user: TROLL, reason: "spam" });
    expect(plan).toMatchObject({ currentMembership: "join", willChange: true });
    expect(await kickFromRoom.apply(ctx, plan, { room: ROOM, user: TROLL, reason: "spam" })).toEqual({ kicked: true });
    expect(bot.writes).toEqual([{ op: "kick", room: ROOM, user: TROLL, reason: "spam" }]);
  });

  it("refuses a moderator removing a peer at their own level, before anything is written", async () => {
    const { bot, caps } = world();
    const refusal = kickFromRoom.plan(capsContext(caps, person(ALICE, 50)), { room: ROOM, user: ALICE });
    await expect(refusal).rejects.toBeInstanceOf(ApiError);
    await expect(refusal).rejects.toMatchObject({ status: 403 });
    expect(bot.writes).toEqual([]);
  });

  it("plans nothing for someone who already left", async () => {
    const { bot, caps } = world();
    bot.rooms[ROOM]!.members[TROLL] = "leave";
    const ctx = capsContext(caps, person(ALICE, 50));
    const plan = await kickFromRoom.plan(ctx, { room: ROOM, user: TROLL });
    expect(plan.willChange).toBe(false);
    expect((await kickFromRoom.apply(ctx, plan, { room: ROOM, user: TROLL })).kicked).toBe(false);
    expect(bot.writes).toEqual([]);
  });
});

describe("rooms.set-power-level planned against fakes of our adapters", () => {
  it("changes one level and keeps everyone else's", async () => {
    const { bot, caps } = world();
    const ctx = capsContext(caps, person(ADMIN, 100));
    const plan = await setPowerLevel.plan(ctx, { room: ROOM, user: TROLL, level: 20 });
    expect(plan).toMatchObject({ from: 0, to: 20, willChange: true });
    await setPowerLevel.apply(ctx, plan, { room: ROOM, user: TROLL, level: 20 });
    expect(bot.rooms[ROOM]!.powerLevels.users).toEqual({ [BOT]: 100, [ALICE]: 50, [ADMIN]: 100, [TROLL]: 20 });
  });

  it("refuses a moderator granting more than their own level", async () => {
    const { caps } = world();
    await expect(setPowerLevel.plan(capsContext(caps, person(ALICE, 50)), { room: ROOM, user: TROLL, level: 100 })).rejects.toMatchObject({ status: 403 });
  });

  it("in the moderator room, judges the grant by Matrix's rules for the actor (only who may change that room's levels)", async () => {
    const { bot, caps } = world();
    bot.rooms[MODERATOR_ROOM]!.members[TROLL] = "join";
    await expect(setPowerLevel.plan(capsContext(caps, person(ALICE, 50)), { room: MODERATOR_ROOM, user: TROLL, level: 50 })).rejects.toMatchObject({ status: 403 });
    const plan = await setPowerLevel.plan(capsContext(caps, person(ADMIN, 100)), { room: MODERATOR_ROOM, user: TROLL, level: 50 });
    expect(plan.willChange).toBe(true);
  });
});
