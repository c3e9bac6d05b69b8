import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, person, setRateLimitOverride, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { command } from "../../helpers/commands.ts";

const hs = inject("synapse");

describe("templates cannot carry escalation (rule 3)", () => {
  let c: Community;
  let dash: TestDashboard;
  let mod: Person;
  let admin: Person;
  let outsider: Person;
  let modSession: string;
  let adminSession: string;
  let adminToken: string;
  const action = (name: string, mode: "plan" | "apply", token: string, body: unknown) => dash.api("POST", `/api/actions/${name}/${mode}`, { token, body });
  const template = (id: string, token = adminSession) => dash.api("GET", `/api/templates/${id}`, { token });
  const levelsIn = async (roomId: string) => (await c.bot.client.state(roomId, "m.room.power_levels")).users as Record<string, number>;
  const creatorOf = async (roomId: string) => (await c.bot.client.allState(roomId)).find((e) => e.type === "m.room.create")!;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 2, members: 1, extraRooms: 0 });
    [mod, admin] = [c.moderators[0]!, c.moderators[1]!];
    outsider = await person(hs, `${c.tag}-outsider`);
    for (const u of [c.bot, mod]) await setRateLimitOverride(c.bot.client, u.userId, true);
    await c.bot.client.setPowerLevel(c.moderatorRoom.roomId, admin.userId, 100);
    dash = await startDashboard(c);
    modSession = await signIn(dash, mod);
    adminSession = await signIn(dash, admin);
    const created = await action("tokens.create", "apply", adminSession, { name: "templates", scopes: ["rooms", "read"] });
    expect(created.status, created.text).toBe(200);
    adminToken = created.body.result.token;
  });
  afterAll(() => dash?.close());

  it("refuses a level-50 moderator saving a template that gives them 1000, importing or deleting one; nothing is stored", async () => {
    const escalate = { id: "escalate", body: { name: "Escalate", powerLevels: { users: { [mod.userId]: 1000 } } } };
    for (const mode of ["plan", "apply"] as const) {
      const res = await action("templates.save", mode, modSession, escalate);
      expect(res.status, res.text).toBe(403);
      expect(res.body.error.message).toBe(`templates.save needs power level 100 in the moderator room; ${mod.userId} has 50.`);
    }
    const imported = await action("templates.import", "apply", modSession, { bundle: { format: "matrix-community-dashboard/templates@1", templates: [escalate] } });
    expect(imported.status).toBe(403);
    expect((await template("escalate")).status).toBe(404);

    expect((await action("templates.save", "apply", adminSession, { id: "book-club", body: { name: "Book club" } })).status).toBe(200);
    expect((await action("templates.delete", "apply", modSession, { id: "book-club" })).status).toBe(403);
    expect((await template("book-club")).body).toMatchObject({ version: 1, body: { name: "Book club" } });
    expect(dash.ctx.audit.list({ action: "templates.save" }).filter((e) => e.actor === mod.userId).every((e) => e.result !== "ok")).toBe(true);
  });

  it("refuses overwriting the built-in community template with an outsider at 100, invited by default, world-readable: session, token, import, delete", async () => {
    const before = (await template("community")).body;
    const poisoned = {
      ...before.body,
      historyVisibility: "world_readable",
      defaultInvitees: [outsider.userId],
      powerLevels: { users: { [outsider.userId]: 100 } },
    };
    const attempts = [
      await action("templates.save", "apply", adminSession, { id: "community", body: poisoned, expectedVersion: before.version }),
      await action("templates.save", "apply", adminToken, { id: "community", body: poisoned }),
      await action("templates.import", "apply", adminSession, { bundle: { format: "matrix-community-dashboard/templates@1", templates: [{ id: "community", body: poisoned }] } }),
      await action("templates.delete", "apply", adminSession, { id: "community" }),
    ];
    for (const res of attempts) {
      expect(res.status, res.text).toBe(403);
      expect(res.body.error.message).toMatch(/The built-in template "community" cannot be (changed|replaced by an import|deleted)\./);
      expect(res.body.error.hint).toContain("community-copy");
    }
    // A bundle exported by an older version carries the built-ins as shipped: those are skipped, not refused.
    const shipped = await action("templates.import", "apply", adminSession, {
      bundle: { format: "matrix-community-dashboard/templates@1", templates: [{ id: "community", body: before.body }, { id: "garden", body: { name: "Garden" } }] },
    });
    expect(shipped.status, shipped.text).toBe(200);
    expect(shipped.body.plan).toEqual([{ id: "community", action: "unchanged" }, { id: "garden", action: "create" }]);
    expect(shipped.body.result).toEqual([{ id: "garden", version: 1 }]);
    const after = (await template("community")).body;
    expect(after).toMatchObject({ version: before.version, builtin: true, updatedBy: "built-in" });
    expect(after.body).toEqual(before.body);

    // A copy is an admin's own template, and it still warns about what it would do.
    expect((await action("templates.save", "apply", adminSession, { id: "community-copy", body: poisoned })).status).toBe(200);
    const plan = await action("rooms.create", "plan", modSession, { template: "community-copy", name: `Copy ${c.tag}` });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body.plan.warnings.map((w: { text: string }) => w.text)).toEqual(
      expect.arrayContaining([
        `The template invites ${outsider.userId} to every room made from it.`,
        "History is world_readable: anyone, even without joining, can read every message in this room.",
        `The template asks level 100 for ${outsider.userId}; capped at 50, your own level.`,
      ]),
    );
  });

  it("caps an admin's template asking 1000 at the creating actor's level, and keeps the bot above everyone (read back from Synapse)", async () => {
    const saved = await action("templates.save", "apply", adminSession, {
      id: "thousand",
      body: { name: "Thousand", powerLevels: { users: { [c.members[0]!.userId]: 1000, [mod.userId]: 1000 } } },
    });
    expect(saved.status, saved.text).toBe(200);

    // Widget route, as the moderator (50).
    const plan = await action("rooms.create", "plan", modSession, { template: "thousand", name: `Thousand A ${c.tag}` });
    expect(plan.body.plan.powerCap).toMatchObject({ level: 50, capped: expect.arrayContaining([{ userId: c.members[0]!.userId, asked: 1000, given: 50 }]) });
    const byMod = await action("rooms.create", "apply", modSession, { template: "thousand", name: `Thousand A ${c.tag}` });
    expect(byMod.status, byMod.text).toBe(200);
    const modRoom = byMod.body.result.roomId;
    expect(await levelsIn(modRoom)).toEqual({ [c.members[0]!.userId]: 50, [mod.userId]: 50, [admin.userId]: 50 });
    expect((await creatorOf(modRoom)).sender).toBe(c.bot.userId);
    expect((await creatorOf(modRoom)).content.room_version).toBe("12");

    // API token (acts at its admin creator's 100).
    const byToken = await action("rooms.create", "apply", adminToken, { template: "thousand", name: `Thousand B ${c.tag}` });
    expect(byToken.status, byToken.text).toBe(200);
    expect(Math.max(...Object.values(await levelsIn(byToken.body.result.roomId)))).toBe(100);

    // Chat command, as the moderator.
    const { reply } = await command(mod.client, c.moderatorRoom.roomId, `!dash room create thousand Thousand C ${c.tag}`, c.bot.userId);
    const chatRoom = /\(`(![^`]+)`\)/.exec(reply.body)?.[1];
    expect(chatRoom, reply.body).toBeDefined();
    expect(Object.values(await levelsIn(chatRoom!)).every((level) => level <= 50)).toBe(true);

    // An older room version lists the bot: it keeps 100, at least everyone else's level.
    await action("templates.save", "apply", adminSession, { id: "thousand-v10", body: { name: "Thousand v10", roomVersion: "10", powerLevels: { users: { [c.members[0]!.userId]: 1000 } } } });
    const old = await action("rooms.create", "apply", adminSession, { template: "thousand-v10", name: `Thousand D ${c.tag}` });
    expect(old.status, old.text).toBe(200);
    const oldLevels = await levelsIn(old.body.result.roomId);
    expect(oldLevels[c.bot.userId]).toBe(100);
    expect(oldLevels[c.members[0]!.userId]).toBe(100);
    expect(Math.max(...Object.values(oldLevels))).toBe(100);
  });
});
