import { beforeAll, describe, expect, inject, it } from "vitest";
import { runDoctor } from "../../../server/features/health/checks.ts";
import { checkTokenAge, PERSON_LIKE_MEMBER_ROOMS } from "../../../server/features/health/bot-account-checks.ts";
import { Bot } from "../../../server/kernel/matrix/bot.ts";
import { seedCommunity, setRateLimitOverride, person, type Community } from "../../synapse/community.ts";
import { login } from "../../synapse/synapse.ts";

const hs = inject("synapse");

async function dedicatedBotCheck(c: Community, as: { userId: string; accessToken: string }) {
  const bot = new Bot({ homeserverUrl: hs.baseUrl, accessToken: as.accessToken, userId: as.userId });
  const config = { homeserverUrl: hs.baseUrl, botUserId: as.userId, moderatorRoom: c.moderatorRoom.alias, moderatorPowerLevel: 50 };
  const report = await runDoctor({ config, bot, roomCreation: async () => ({ id: "room-creation", title: "", required: true, status: "ok", summary: "" }) });
  return report.checks.find((check) => check.id === "dedicated-bot")!;
}

describe("doctor's dedicated-bot check", () => {
  let c: Community;
  beforeAll(async () => {
    c = await seedCommunity(hs, { members: 1, extraRooms: 0 });
  });

  it("accepts the seeded bot", async () => {
    const check = await dedicatedBotCheck(c, c.bot);
    expect(check.status, check.summary).toBe("ok");
  });

  it("warns about a moderator's account that chats in the moderator room from Element", async () => {
    const mod = c.moderators[0]!;
    const fromElement = await login(hs, mod.localpart, mod.password, "Element Web: Firefox on Linux");
    await mod.client.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(c.moderatorRoom.roomId)}/send/m.room.message/t1`, {
      msgtype: "m.text",
      body: "I'll handle the spam in #general",
    });
    const check = await dedicatedBotCheck(c, fromElement);
    expect(check.status).toBe("warn");
    expect(check.summary).toContain(`${mod.userId} looks like a person's account`);
    expect(check.summary).toContain('"Element Web: Firefox on Linux"');
    expect(check.summary).toContain("writes chat messages in the moderator room");
    expect(check.fix).toContain("dedicated bot account");
  });

  it("warns about an account that is a plain member of many rooms", async () => {
    const member = c.members[0]!;
    const owner = await person(hs, `${c.tag}-owner`);
    await setRateLimitOverride(c.bot.client, owner.userId, true);
    await setRateLimitOverride(c.bot.client, member.userId, true);
    for (let i = 0; i < PERSON_LIKE_MEMBER_ROOMS; i++) {
      const roomId = await owner.client.createRoom({ preset: "private_chat", invite: [member.userId] });
      await member.client.join(roomId);
    }
    const check = await dedicatedBotCheck(c, member);
    expect(check.status).toBe("warn");
    // The seeded general room counts too.
    expect(check.summary).toContain(`a regular member (no moderator power) of ${PERSON_LIKE_MEMBER_ROOMS + 1} rooms`);
  });
});

describe("doctor's token-age check", () => {
  const now = Date.parse("2025-06-01T00:00:00Z");
  it("warns when the token is older than the configured age, and is quiet otherwise", () => {
    expect(checkTokenAge("2025-01-01T00:00:00Z", 90, now)).toMatchObject({ status: "warn", fix: expect.stringContaining("npm run rotate-token") });
    expect(checkTokenAge("2025-05-01T00:00:00Z", 90, now).status).toBe("ok");
    expect(checkTokenAge(undefined, 90, now).status).toBe("skipped");
  });
});
