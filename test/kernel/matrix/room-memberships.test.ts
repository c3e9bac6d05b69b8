import { beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, type Community } from "../../synapse/community.ts";
import { Bot } from "../../../server/kernel/matrix/bot.ts";
import { membershipsIn } from "../../../server/kernel/matrix/room-memberships.ts";
import { membershipsOf } from "../../../server/kernel/matrix/admin.ts";

const hs = inject("synapse");

/** The two batched membership reads coverage relies on, against the real Synapse (the unit tests fake them). */
describe("batched membership reads", () => {
  let c: Community;
  let bot: Bot;
  const requests: string[] = [];
  let invitedAndJoined: string;
  let withoutModerators: string;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 2, members: 0, extraRooms: 0 });
    bot = new Bot({ homeserverUrl: hs.baseUrl, accessToken: c.bot.accessToken, userId: c.bot.userId, observe: (method, endpoint) => requests.push(`${method} ${endpoint}`) });
    const [a, b] = c.moderators;
    invitedAndJoined = await c.bot.client.createRoom({ preset: "private_chat", name: "Mixed", invite: [a!.userId, b!.userId] });
    await b!.client.join(invitedAndJoined);
    withoutModerators = await c.bot.client.createRoom({ preset: "private_chat", name: "Empty" });
  });

  it("reads a few people's memberships in many rooms in one request, leaving out who never had one", async () => {
    const [a, b] = c.moderators.map((m) => m.userId);
    requests.length = 0;
    const read = await membershipsIn(bot, [invitedAndJoined, withoutModerators, c.moderatorRoom.roomId], [a!, b!]);
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(read.get(invitedAndJoined)!)).toEqual({ [a!]: "invite", [b!]: "join" });
    expect(read.get(withoutModerators)).toEqual(new Map());
    expect(Object.fromEntries(read.get(c.moderatorRoom.roomId)!)).toEqual({ [a!]: "join", [b!]: "join" });
  });

  it("lists every membership of a user on the server in one admin call", async () => {
    const [a, b] = c.moderators.map((m) => m.userId);
    expect((await membershipsOf(bot, a!))!.get(invitedAndJoined)).toBe("invite");
    expect((await membershipsOf(bot, b!))!.get(invitedAndJoined)).toBe("join");
    expect((await membershipsOf(bot, a!))!.get(c.moderatorRoom.roomId)).toBe("join");
    expect((await membershipsOf(bot, a!))!.has(withoutModerators)).toBe(false);
  });
});
