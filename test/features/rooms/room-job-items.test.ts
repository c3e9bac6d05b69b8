import { describe, expect, it } from "vitest";
import { fixAccessJob } from "../../../server/features/rooms/fix-access.ts";
import { inviteJob } from "../../../server/features/rooms/invite.ts";
import { BOT, FakeBot, jobContext, jobItem } from "../../fakes/own/bot.ts";

const ADMIN = "@admin:example.org";
const MIA = "@mia:example.org"; // a moderator, joined, at 100 here (above the list's 50)
const NOOR = "@noor:example.org"; // a moderator, not in the room
const GUEST = "@guest:example.org";
const ROOM = "!garden:example.org";

function world() {
  const bot = new FakeBot({
    [ROOM]: { creator: ADMIN, powerLevels: { users: { [BOT]: 100, [MIA]: 100 }, ban: 100 }, members: { [BOT]: "join", [MIA]: "join", [GUEST]: "ban" } },
  });
  return { bot, caps: { bot } };
}

describe("the rooms feature's job items, run against a fake of our Bot adapter", () => {
  it("fixing access invites only moderators who are not there, and restores levels without lowering anyone", async () => {
    const { bot, caps } = world();
    const changes = [
      { kind: "invite-moderator" as const, user: MIA },
      { kind: "invite-moderator" as const, user: NOOR },
      { kind: "raise-moderator" as const, user: MIA, from: 40, to: 50 },
      { kind: "raise-moderator" as const, user: NOOR, from: 0, to: 50 },
      { kind: "restore-setting" as const, setting: "ban", from: 100, to: 50 },
    ];
    const outcome = await fixAccessJob.runItem(jobContext(caps), null, jobItem({ room: ROOM, changes }));
    expect(outcome).toEqual({ state: "done", result: { done: [`invited ${MIA}`, `invited ${NOOR}`, "3 power-level changes"] } });
    expect(bot.writes.filter((w) => w.op === "invite")).toEqual([{ op: "invite", room: ROOM, user: NOOR }]);
    expect(bot.rooms[ROOM]!.powerLevels).toMatchObject({ users: { [BOT]: 100, [MIA]: 100, [NOOR]: 50 }, ban: 50 });
  });

  it("an invite skips people already there and refuses someone banned, inviting nobody", async () => {
    const { bot, caps } = world();
    const invite = (user: string) => inviteJob.runItem(jobContext(caps), null, jobItem({ room: ROOM, user }));
    expect(await invite(MIA)).toMatchObject({ state: "skipped", message: { code: "itemAlreadyJoined" } });
    expect(await invite(GUEST)).toMatchObject({ state: "failed", message: { code: "itemBannedHere" } });
    expect(bot.writes).toEqual([]);
    expect(await invite(NOOR)).toEqual({ state: "done" });
    expect(await invite(NOOR)).toMatchObject({ state: "skipped", message: { code: "itemAlreadyInvited" } });
    expect(bot.writes).toEqual([{ op: "invite", room: ROOM, user: NOOR }]);
  });
});
