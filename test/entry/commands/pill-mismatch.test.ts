import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, setRateLimitOverride, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, type TestDashboard } from "../../helpers/dashboard.ts";
import { command, eventually } from "../../helpers/commands.ts";

const hs = inject("synapse");
const pill = (id: string, label: string) => `<a href="https://matrix.to/#/${encodeURIComponent(id)}">${label}</a>`;

describe("a chat command whose link text and link target disagree", () => {
  let c: Community;
  let dash: TestDashboard;
  let mod: Person;
  const say = (plain: string, html: string, count = 1) =>
    command(mod.client, c.moderatorRoom.roomId, { msgtype: "m.text", body: plain, format: "org.matrix.custom.html", formatted_body: html }, c.bot.userId, { count });
  const membership = async (roomId: string, userId: string) => (await c.bot.client.state(roomId, "m.room.member", userId)).membership;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 3, extraRooms: 2 });
    mod = c.moderators[0]!;
    for (const u of [c.bot, mod]) await setRateLimitOverride(c.bot.client, u.userId, true);
    dash = await startDashboard(c);
  });
  afterAll(() => dash?.close());

  it("refuses a user pill that shows one Matrix ID and links to another, showing both, and kicks no one", async () => {
    const [shown, hidden] = [c.members[0]!, c.members[1]!];
    const { reply } = await say(`!dash kick ${shown.userId} ${c.defaultRoom.alias} spam`, `!dash kick ${pill(hidden.userId, shown.userId)} ${c.defaultRoom.alias} spam`);
    expect(reply.body).toContain("Not run");
    expect(reply.body).toContain(`shown as \`${shown.userId}\`, links to \`${hidden.userId}\``);
    expect(await membership(c.defaultRoom.roomId, hidden.userId)).toBe("join");
    expect(await membership(c.defaultRoom.roomId, shown.userId)).toBe("join");
    expect(dash.ctx.audit.list({ action: "moderation.kick" })).toEqual([]);
  });

  it("refuses a display-name pill that links to someone with another name", async () => {
    const hidden = c.members[1]!;
    const { reply } = await say("!dash kick Member 1 spam", `!dash kick ${pill(hidden.userId, "Member 1")} ${c.defaultRoom.alias} spam`);
    expect(reply.body).toContain(`shown as \`Member 1\`, links to \`${hidden.userId}\``);
    expect(await membership(c.defaultRoom.roomId, hidden.userId)).toBe("join");
  });

  it("refuses a room pill named like one room that links to another", async () => {
    const target = c.members[2]!;
    const { reply } = await say(`!dash kick ${target.userId} General spam`, `!dash kick ${target.userId} ${pill(c.rooms[0]!.alias, "General")} spam`);
    expect(reply.body).toContain(`shown as \`General\`, links to \`${c.rooms[0]!.alias}\``);
    expect(await membership(c.rooms[0]!.roomId, target.userId)).toBe("join");
  });

  it("runs a genuine pill, labelled with the person's display name", async () => {
    const target = c.members[2]!;
    const { replies } = await say("!dash kick Member 3 spam", `!dash kick ${pill(target.userId, "Member 3")} ${pill(c.defaultRoom.alias, "General")} spam`, 2);
    expect(replies[0]!.body).toContain(`Removing ${target.userId} in 1 room`);
    await eventually(async () => expect(await membership(c.defaultRoom.roomId, target.userId)).toBe("leave"));
  });
});
