import { describe, expect, it } from "vitest";
import { ban, kick } from "../../../server/features/moderation/commands.ts";
import { UsageError } from "../../../server/kernel/commands/command-spec.ts";
import { Confirmations } from "../../../server/kernel/commands/confirmations.ts";
import type { CrossRoomPlan } from "../../../shared/plans.ts";
import { BOT, FakeBot, SERVER } from "../../fakes/own/bot.ts";
import { fakeRoomIndex } from "../../fakes/own/rooms.ts";
import { fakeActionRunner, fakeCommandContext } from "../../fakes/own/commands.ts";

/*
 * The `ban` and `kick` chat handlers with fakes of our own adapters (the bot for words, the room
 * index for labels, the action runner): what they parse and when they insist on a confirmation.
 * The whole path through Synapse is test/entry/commands/confirmation-and-progress.test.ts.
 */
const MOD = `@mod:${SERVER}`;
const GENERAL = `!general:${SERVER}`;
const RANDOM = `!random:${SERVER}`;
const room = () => ({ creator: MOD, powerLevels: { users: { [MOD]: 100, [BOT]: 100 } }, members: { [BOT]: "join" } });

function setUp(roomsPlanned: string[]) {
  const bot = new FakeBot({ [GENERAL]: room(), [RANDOM]: room() });
  bot.aliases[`#general:${SERVER}`] = GENERAL;
  const runner = fakeActionRunner((input: { user: string }) => {
    const plan: CrossRoomPlan = { op: "ban", user: input.user, rooms: roomsPlanned.map((r) => ({ room: r })), count: roomsPlanned.length, skipped: [] };
    return { plan, result: { jobId: "job-7", rooms: roomsPlanned.length } };
  });
  const caps = { runAction: runner.runAction, own: { bot, rooms: fakeRoomIndex(bot) } };
  const confirmations = new Confirmations(60_000, () => 0);
  const message = (sender: string, powerLevel: number, eventId: string) => fakeCommandContext(caps, { sender, powerLevel, confirmations, eventId });
  return { runner, message };
}

const confirmCodeOf = (text: string) => /confirm ([A-Z2-9]{6})/.exec(text)?.[1];

describe("the ban and kick chat commands (fakes of our own adapters)", () => {
  it("a ban, even in one room, is only planned until the moderator who asked confirms it; the confirming message applies it", async () => {
    const { runner, message } = setUp([GENERAL]);
    const first = message(MOD, 50, "$ban");
    await ban.run(first.ctx, { words: ["@spam", "#general", "flooding"], body: "" });

    expect(runner.calls).toEqual([{ actor: expect.objectContaining({ userId: MOD }), input: { user: `@spam:${SERVER}`, targets: { kind: "rooms", rooms: [GENERAL] }, reason: "flooding", idempotencyKey: "cmd-$ban" }, mode: "plan" }]);
    const code = confirmCodeOf(first.replies[0]!.text);
    expect(code).toBeDefined();

    const other = message(`@other:${SERVER}`, 100, "$other");
    expect(first.ctx.confirmations.take(code!, other.ctx.sender)).toMatchObject({ ok: false });
    expect(runner.calls.map((c) => c.mode)).toEqual(["plan"]);

    const taken = first.ctx.confirmations.take(code!, MOD);
    if (!taken.ok) throw new Error(taken.reason);
    const confirming = message(MOD, 50, "$confirm");
    await taken.run(confirming.ctx);
    expect(runner.calls.map((c) => c.mode)).toEqual(["plan", "apply"]);
    expect(runner.calls[1]!.actor).toMatchObject({ userId: MOD, powerLevel: 50 });
    expect(confirming.replies.map((r) => r.text)).toEqual([`🔨 Banning @spam:${SERVER} in 1 room.`]);
    expect(confirming.followed).toEqual(["job-7"]);
  });

  it("a kick in one room applies without a confirmation, in two rooms it asks for a confirmation first", async () => {
    const one = setUp([GENERAL]);
    const single = one.message(MOD, 50, "$kick1");
    await kick.run(single.ctx, { words: [`@spam:${SERVER}`, GENERAL], body: "" });
    // Planned to count the rooms, then applied without a code.
    expect(one.runner.calls.map((c) => c.mode)).toEqual(["plan", "apply"]);
    expect(single.followed).toEqual(["job-7"]);

    const two = setUp([GENERAL, RANDOM]);
    const both = two.message(MOD, 50, "$kick2");
    await kick.run(both.ctx, { words: ["@spam", GENERAL, RANDOM], body: "" });
    expect(two.runner.calls.map((c) => c.mode)).toEqual(["plan"]);
    expect(confirmCodeOf(both.replies[0]!.text)).toBeDefined();
  });

  it("refuses an unknown room or a word that is not a user before any action runs", async () => {
    const { runner, message } = setUp([GENERAL]);
    await expect(ban.run(message(MOD, 50, "$a").ctx, { words: ["@spam", "#nowhere"], body: "" })).rejects.toThrow(new UsageError(`No room is called #nowhere:${SERVER}.`));
    await expect(kick.run(message(MOD, 50, "$b").ctx, { words: ["spam!"], body: "" })).rejects.toThrow(UsageError);
    expect(runner.calls).toEqual([]);
  });
});
