import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, setRateLimitOverride, type Community } from "../../synapse/community.ts";
import { startDashboard, type TestDashboard } from "../../helpers/dashboard.ts";
import { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";
import { authentikEnv, accountOf, mxid } from "../../features/sync/helpers.ts";
import { command, eventually } from "../../helpers/commands.ts";

const hs = inject("synapse");

describe("!dash sync plan / sync apply", () => {
  let c: Community;
  let fake: FakeAuthentik;
  let dash: TestDashboard;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    // Replies, invites and welcomes are messages: exempt both sides so the suite does not wait on the limiter.
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    await setRateLimitOverride(c.bot.client, c.moderators[0]!.userId, true);
    fake = await FakeAuthentik.start({ groups: ["members"] });
    fake.addUser({ username: "jules", name: "Jules" });
    dash = await startDashboard(c, authentikEnv(fake, c));
  });
  afterAll(async () => {
    await dash?.close();
    await fake?.stop();
  });

  it("shows the plan, applies it only after confirm, and a second plan is empty", async () => {
    const mod = c.moderators[0]!.client;
    const planned = await command(mod, c.moderatorRoom.roomId, "!dash sync plan", c.bot.userId);
    expect(planned.reply.body).toContain("create-account");
    expect(await accountOf(c, mxid(c, "jules"))).toBeNull();

    const asked = await command(mod, c.moderatorRoom.roomId, "!dash sync apply", c.bot.userId);
    const code = /confirm (\w{6})/.exec(asked.reply.body)?.[1];
    expect(code).toBeDefined();
    await command(mod, c.moderatorRoom.roomId, `!dash confirm ${code}`, c.bot.userId);
    await eventually(async () => expect(await accountOf(c, mxid(c, "jules"))).not.toBeNull());
    await eventually(async () => {
      const again = await command(mod, c.moderatorRoom.roomId, "!dash sync plan", c.bot.userId);
      expect(again.reply.body).toContain("nothing to change");
    });
    expect(dash.ctx.audit.list({ action: "sync.accounts" })[0]).toMatchObject({ actor: c.moderators[0]!.userId, actorKind: "command", result: "ok" });
  });

  it("answers extra words with the usage", async () => {
    const res = await command(c.moderators[0]!.client, c.moderatorRoom.roomId, "!dash sync plan now please", c.bot.userId);
    expect(res.reply.body).toContain("takes no arguments");
  });
});
