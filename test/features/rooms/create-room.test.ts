import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, person, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";

const hs = inject("synapse");

type StateEvent = { type: string; state_key: string; content: any };
const stateOf = (events: StateEvent[], type: string, key = "") => events.find((e) => e.type === type && e.state_key === key)?.content;

describe("creating rooms from templates", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  const create = (body: unknown, mode: "plan" | "apply" = "apply") => dash.api("POST", `/api/actions/rooms.create/${mode}`, { token, body });

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 2, members: 2, extraRooms: 0 });
    dash = await startDashboard(c);
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it.each([
    ["community", { joinRule: "public", encrypted: false, eventsDefault: 0, moderatorsInvited: true, history: "shared" }],
    ["announcements", { joinRule: "public", encrypted: false, eventsDefault: 50, moderatorsInvited: true, history: "shared" }],
    ["conflict", { joinRule: "invite", encrypted: true, eventsDefault: 0, moderatorsInvited: true, history: "invited" }],
    ["test", { joinRule: "invite", encrypted: false, eventsDefault: 0, moderatorsInvited: false, history: "shared" }],
  ])("the %s template yields exactly its state", async (template, expected) => {
    const res = await create({ template, name: `From ${template} ${c.tag}` });
    expect(res.status, res.text).toBe(200);
    const roomId = res.body.result.roomId;
    const state: StateEvent[] = await c.bot.client.allState(roomId);
    expect(stateOf(state, "m.room.join_rules").join_rule).toBe(expected.joinRule);
    expect(Boolean(stateOf(state, "m.room.encryption"))).toBe(expected.encrypted);
    if (expected.encrypted) expect(stateOf(state, "m.room.encryption").algorithm).toBe("m.megolm.v1.aes-sha2");
    expect(stateOf(state, "m.room.history_visibility").history_visibility).toBe(expected.history);
    expect(stateOf(state, "m.room.guest_access").guest_access).toBe("forbidden");
    const pl = stateOf(state, "m.room.power_levels");
    expect(pl.events_default ?? 0).toBe(expected.eventsDefault);
    for (const mod of c.moderators) {
      const membership = stateOf(state, "m.room.member", mod.userId)?.membership;
      if (expected.moderatorsInvited) {
        expect(membership).toBe("invite");
        expect(pl.users[mod.userId]).toBe(50);
      } else {
        expect(membership).toBeUndefined();
        expect(pl.users?.[mod.userId]).toBeUndefined();
      }
    }
    // Synapse 1.163 creates version 12 rooms: the bot is a creator and must not be listed.
    expect(stateOf(state, "m.room.create").room_version).toBe("12");
    expect(pl.users?.[c.bot.userId]).toBeUndefined();
    expect(stateOf(state, "m.room.member", c.members[0]!.userId)).toBeUndefined();
    const audit = dash.ctx.audit.list({ action: "rooms.create" })[0]!;
    expect(audit).toMatchObject({ actor: c.moderators[0]!.userId, result: "ok" });
  });

  it("lists the bot with level 100 when the template pins an older room version", async () => {
    const saved = await dash.api("POST", "/api/actions/templates.save/apply", {
      token: await signIn(dash, c.bot),
      body: { id: "legacy", body: { name: "Legacy v10", roomVersion: "10", roomName: "Legacy" } },
    });
    expect(saved.status, saved.text).toBe(200);
    const res = await create({ template: "legacy", name: `Legacy ${c.tag}` });
    expect(res.status, res.text).toBe(200);
    const pl = await c.bot.client.state(res.body.result.roomId, "m.room.power_levels");
    expect(pl.users[c.bot.userId]).toBe(100);
    expect(pl.users[c.moderators[1]!.userId]).toBe(50);
  });

  it("previews without changing anything", async () => {
    const before = await c.bot.client.joinedRooms();
    const res = await create({ template: "community", name: `Preview ${c.tag}`, invitees: [c.members[0]!.userId] }, "plan");
    expect(res.status).toBe(200);
    expect(res.body.plan.alias).toBe(`#preview-${c.tag}:${hs.serverName}`);
    expect(res.body.plan.invites).toEqual(expect.arrayContaining([c.members[0]!.userId, ...c.moderators.map((m) => m.userId)]));
    expect(res.body.result).toBeUndefined();
    expect(await c.bot.client.joinedRooms()).toEqual(before);
  });

  it("creates one room for a double submit with the same idempotency key", async () => {
    const body = { template: "community", name: `Double ${c.tag}`, idempotencyKey: `double-${c.tag}` };
    const [a, b] = await Promise.all([create(body), create(body)]);
    expect(a.status, a.text).toBe(200);
    expect(b.status, b.text).toBe(200);
    expect(b.body.result.roomId).toBe(a.body.result.roomId);
    const again = await create(body);
    expect(again.body.result.roomId).toBe(a.body.result.roomId);
    const named = (await c.bot.client.joinedRooms()).length;
    expect(dash.ctx.managedRooms.templateOf(a.body.result.roomId)).toBe("community");
    expect(named).toBeGreaterThan(0);
  });

  it("answers an alias conflict with 409", async () => {
    const res = await create({ template: "community", name: "Taken", alias: c.defaultRoom.alias.slice(1).split(":")[0] });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("already taken");
  });

  it("answers an empty name, an unknown user and a bad alias with 400 naming the problem", async () => {
    const empty = await create({ template: "community", name: "   " });
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe("name");
    const unknown = await create({ template: "community", name: `Ghosts ${c.tag}`, invitees: [`@nobody-${c.tag}:${hs.serverName}`] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain(`@nobody-${c.tag}:${hs.serverName}`);
    const badAlias = await create({ template: "community", name: "x", alias: "Has Spaces" });
    expect(badAlias.status).toBe(400);
    expect(badAlias.body.error.field).toBe("alias");
    const badTemplate = await create({ template: "no-such-template", name: "x" });
    expect(badTemplate.status).toBe(404);
  });

  it("refuses a non-moderator", async () => {
    const outsider = await person(hs, `${c.tag}-outsider`);
    const openIdToken = await outsider.client.openIdToken();
    const res = await dash.api("POST", "/api/session", { body: { openIdToken } });
    expect(res.status).toBe(403);
    const noSession = await dash.api("POST", "/api/actions/rooms.create/apply", { body: { template: "test" } });
    expect(noSession.status).toBe(401);
  });

  it("links a new room into a parent space both ways", async () => {
    const space = await create({ template: "community", name: `Space ${c.tag}`, alias: `space-${c.tag}` });
    expect(space.status, space.text).toBe(200);
    const spaceId = space.body.result.roomId;
    const child = await create({ template: "community", name: `Child ${c.tag}`, parentSpace: spaceId });
    expect(child.status, child.text).toBe(200);
    const childId = child.body.result.roomId;
    expect((await c.bot.client.state(spaceId, "m.space.child", childId)).via).toEqual([hs.serverName]);
    expect(await c.bot.client.state(childId, "m.space.parent", spaceId)).toMatchObject({ via: [hs.serverName], canonical: true });
  });

  it("creates a test room in one call and cleans it up", async () => {
    const res = await create({ template: "test" });
    expect(res.status, res.text).toBe(200);
    const roomId = res.body.result.roomId;
    expect(await c.bot.client.joinedRooms()).toContain(roomId);
    const cleanup = await dash.api("POST", "/api/actions/rooms.delete-test-room/apply", { token, body: { room: roomId } });
    expect(cleanup.status, cleanup.text).toBe(200);
    expect(await c.bot.client.joinedRooms()).not.toContain(roomId);
    const notTest = await dash.api("POST", "/api/actions/rooms.delete-test-room/apply", { token, body: { room: c.defaultRoom.roomId } });
    expect(notTest.status).toBe(403);
  });
});
