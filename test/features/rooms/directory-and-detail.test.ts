import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, person, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";

const hs = inject("synapse");

describe("room directory and room detail", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  let lowRoom: string;
  let admin: Person;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 2, members: 3, extraRooms: 3 });
    // A room the bot is in without power: made by a member, bot invited at level 0.
    lowRoom = await c.members[0]!.client.createRoom({ preset: "private_chat", name: `Member-made ${c.tag}`, invite: [c.bot.userId] });
    await c.bot.client.join(lowRoom);
    await c.members[0]!.client.invite(lowRoom, c.members[1]!.userId);
    await c.members[1]!.client.join(lowRoom);
    // A community admin at 100 in the moderator room.
    admin = await person(hs, `${c.tag}-admin`);
    await c.bot.client.invite(c.moderatorRoom.roomId, admin.userId);
    await admin.client.join(c.moderatorRoom.roomId);
    await c.bot.client.setPowerLevel(c.moderatorRoom.roomId, admin.userId, 100);
    await admin.client.join(c.defaultRoom.roomId);
    await c.bot.client.setPowerLevel(c.defaultRoom.roomId, admin.userId, 100);
    dash = await startDashboard(c);
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("lists the bot's rooms with name, alias, members, join rule, encryption and moderator coverage", async () => {
    const res = await dash.api("GET", "/api/rooms?limit=100", { token });
    expect(res.status, res.text).toBe(200);
    const general = res.body.rooms.find((r: any) => r.roomId === c.defaultRoom.roomId);
    expect(general).toMatchObject({ name: "General", canonicalAlias: c.defaultRoom.alias, joinRule: "public", encrypted: false, botJoined: true });
    expect(general.members).toBe(1 + 2 + 3 + 1);
    expect(general.moderatorCoverage).toEqual({ missing: [], invited: [], belowLevel: [] });
    // Group rooms were made without the moderators: the coverage names them.
    const group = res.body.rooms.find((r: any) => r.roomId === c.rooms[0]!.roomId);
    expect(group.moderatorCoverage.missing.sort()).toEqual([admin.userId, ...c.moderators.map((m) => m.userId)].sort());
    expect(res.body.serverScopeAvailable).toBe(true);
  });

  it("searches, filters and sorts on the server side", async () => {
    const search = await dash.api("GET", `/api/rooms?search=group`, { token });
    expect(search.body.rooms.map((r: any) => r.name).sort()).toEqual(["Group 1", "Group 2", "Group 3"]);
    const missing = await dash.api("GET", `/api/rooms?missingModerators=true&limit=500`, { token });
    expect(missing.body.rooms.map((r: any) => r.roomId)).toEqual(expect.arrayContaining(c.rooms.map((r) => r.roomId)));
    expect(missing.body.rooms.map((r: any) => r.roomId)).not.toContain(c.defaultRoom.roomId);
    const byMembers = await dash.api("GET", `/api/rooms?sort=members&dir=desc&limit=1`, { token });
    expect(byMembers.body.rooms[0].roomId).toBe(c.defaultRoom.roomId);
    expect(byMembers.body.total).toBeGreaterThan(1);
    const bad = await dash.api("GET", `/api/rooms?sort=color`, { token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("sort");
  });

  it("includes every room on the server for an admin bot", async () => {
    const stranger = await person(hs, `${c.tag}-stranger`);
    const hidden = await stranger.client.createRoom({ name: `Hidden ${c.tag}` });
    const res = await dash.api("GET", `/api/rooms?scope=server&search=${encodeURIComponent(`Hidden ${c.tag}`)}`, { token });
    expect(res.body.scope).toBe("server");
    expect(res.body.rooms).toEqual([expect.objectContaining({ roomId: hidden, botJoined: false, moderatorCoverage: null })]);
  });

  it("shows members, pending invites and the power table of a room", async () => {
    await c.bot.client.invite(c.rooms[0]!.roomId, c.moderators[1]!.userId);
    const res = await dash.api("GET", `/api/rooms/${encodeURIComponent(c.rooms[0]!.roomId)}`, { token });
    expect(res.status, res.text).toBe(200);
    const byId = Object.fromEntries(res.body.members.map((m: any) => [m.userId, m]));
    expect(byId[c.members[0]!.userId].membership).toBe("join");
    expect(byId[c.moderators[1]!.userId].membership).toBe("invite");
    expect(byId[c.bot.userId].powerLevel).toBe(101);
    expect(res.body.powerLevels.kick).toBe(50);
    expect(res.body.bot.canInvite).toEqual({ ok: true });
    expect(byId[c.members[0]!.userId].canKick).toEqual({ ok: true });
  });

  it("changes a level and kicks within the guardrails, read back from Synapse", async () => {
    const room = c.rooms[1]!.roomId;
    const target = c.members[1]!.userId;
    const set = await dash.api("POST", "/api/actions/rooms.set-power-level/apply", { token, body: { room, user: target, level: 20 } });
    expect(set.status, set.text).toBe(200);
    expect((await c.bot.client.state(room, "m.room.power_levels")).users[target]).toBe(20);
    const kick = await dash.api("POST", "/api/actions/rooms.kick/apply", { token, body: { room, user: target, reason: "test" } });
    expect(kick.status, kick.text).toBe(200);
    expect((await c.bot.client.state(room, "m.room.member", target)).membership).toBe("leave");
  });

  it("refuses, with the reason, a level above the moderator's own", async () => {
    const res = await dash.api("POST", "/api/actions/rooms.set-power-level/plan", {
      token,
      body: { room: c.rooms[0]!.roomId, user: c.members[0]!.userId, level: 75 },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("above your own (50)");
  });

  it("refuses to act on someone at or above the moderator's level", async () => {
    const res = await dash.api("POST", "/api/actions/rooms.kick/plan", { token, body: { room: c.defaultRoom.roomId, user: admin.userId } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("at or above your own level");
    const peer = await dash.api("POST", "/api/actions/rooms.set-power-level/plan", {
      token,
      body: { room: c.defaultRoom.roomId, user: c.moderators[1]!.userId, level: 0 },
    });
    expect(peer.status).toBe(403);
  });

  it("says before trying when the bot's own level does not allow it", async () => {
    const detail = await dash.api("GET", `/api/rooms/${encodeURIComponent(lowRoom)}`, { token });
    expect(detail.body.members.find((m: any) => m.userId === c.members[1]!.userId).canKick).toMatchObject({ ok: false, by: "bot" });
    const res = await dash.api("POST", "/api/actions/rooms.kick/apply", { token, body: { room: lowRoom, user: c.members[1]!.userId } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("kicking in this room needs 50");
    expect((await c.bot.client.state(lowRoom, "m.room.member", c.members[1]!.userId)).membership).toBe("join");
  });
});
