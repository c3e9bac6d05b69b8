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

  it("applies the stored plan a plan message named, by its id, after confirmation", async () => {
    const mod = c.moderators[0]!.client;
    fake.addUser({ username: "kai", name: "Kai" });
    const planned = await command(mod, c.moderatorRoom.roomId, "!dash sync plan", c.bot.userId);
    const planId = /sync plan (\S+):/.exec(planned.reply.body)?.[1];
    expect(planId).toBeDefined();
    // Someone else arrives after the plan was shown: applying it by id does not take them along.
    fake.addUser({ username: "lou", name: "Lou" });
    const asked = await command(mod, c.moderatorRoom.roomId, `!dash sync apply ${planId}`, c.bot.userId);
    expect(asked.reply.body).toContain(`sync plan ${planId}`);
    expect(asked.reply.body).toContain("3 changes");
    const code = /confirm (\w{6})/.exec(asked.reply.body)?.[1];
    await command(mod, c.moderatorRoom.roomId, `!dash confirm ${code}`, c.bot.userId);
    await eventually(async () => expect(await accountOf(c, mxid(c, "kai"))).not.toBeNull());
    expect(await accountOf(c, mxid(c, "lou"))).toBeNull();
    const bad = await command(mod, c.moderatorRoom.roomId, "!dash sync apply no/such/plan", c.bot.userId);
    expect(bad.reply.body).toContain("takes at most a plan id");
  });

  it("answers extra words with the usage", async () => {
    const res = await command(c.moderators[0]!.client, c.moderatorRoom.roomId, "!dash sync plan now please", c.bot.userId);
    expect(res.reply.body).toContain("takes no arguments");
  });
});
