import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, person, setRateLimitOverride, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { waitForJob } from "../../helpers/jobs.ts";

const hs = inject("synapse");
type StateEvent = { type: string; state_key: string; content: any };
const stateOf = (events: StateEvent[], type: string, key = "") => events.find((e) => e.type === type && e.state_key === key)?.content;

describe("conflict-resolution rooms", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 2, members: 3, extraRooms: 0 });
    dash = await startDashboard(c);
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("opens a private, encrypted room where parties talk but cannot change settings, and tells the moderators", async () => {
    const [a, b, mediator] = c.members;
    const res = await dash.api("POST", "/api/actions/moderation.conflict-room/apply", {
      token,
      body: { parties: [a!.userId, b!.userId], mediator: mediator!.userId, reason: "Argument in #general about event planning" },
    });
    expect(res.status, res.text).toBe(200);
    const roomId = res.body.result.roomId;
    const state: StateEvent[] = await c.bot.client.allState(roomId);
    expect(stateOf(state, "m.room.join_rules").join_rule).toBe("invite");
    expect(stateOf(state, "m.room.encryption").algorithm).toBe("m.megolm.v1.aes-sha2");
    expect(stateOf(state, "m.room.history_visibility").history_visibility).toBe("invited");
    expect(stateOf(state, "m.room.create")["m.federate"]).toBe(false);
    const pl = stateOf(state, "m.room.power_levels");
    expect(pl).toMatchObject({ users_default: 0, events_default: 0, state_default: 50, invite: 50, kick: 50, ban: 50 });
    expect(pl.users[a!.userId]).toBeUndefined();
    expect(pl.users[mediator!.userId]).toBe(50);
    for (const m of c.moderators) expect(pl.users[m.userId]).toBe(50);
    for (const u of [a!, b!, mediator!, ...c.moderators]) expect(stateOf(state, "m.room.member", u.userId).membership).toBe("invite");
    // State is never encrypted: the reason goes only into the encrypted opening message (test/kernel/matrix/bot-encryption.test.ts).
    expect(JSON.stringify(state)).not.toContain("Argument in #general");
    expect(res.body.result.openingEventId).toMatch(/^\$/);
    const notice = (await c.moderators[1]!.client.messages(c.moderatorRoom.roomId, 10)).find((e) => e.content.msgtype === "m.notice");
    expect(notice?.content.body).toContain(`https://matrix.to/#/${encodeURIComponent(roomId)}`);
    expect(notice?.content.body).toContain(a!.userId);
  });

  it("refuses a conflict room without parties or reason, naming the field", async () => {
    const res = await dash.api("POST", "/api/actions/moderation.conflict-room/apply", { token, body: { parties: [], reason: "" } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("parties");
  });
});

describe("a conflict-resolution room with end-to-end encryption off", () => {
  let dash: TestDashboard;
  afterAll(() => dash?.close());

  it("writes the reason nowhere and says the opening message was not posted", async () => {
    const c = await seedCommunity(hs, { moderators: 1, members: 2, extraRooms: 0 });
    dash = await startDashboard(c, { E2EE: "off" });
    const token = await signIn(dash, c.moderators[0]!);
    const body = { parties: [c.members[0]!.userId, c.members[1]!.userId], reason: "Shouting match at the meetup" };
    const plan = await dash.api("POST", "/api/actions/moderation.conflict-room/plan", { token, body });
    expect(plan.body.plan.openingNote).toMatchObject({ code: "moderation.opening-not-posted", text: expect.stringContaining("not posted") });
    expect(plan.body.plan.room.topic).toBe("Mediated conversation.");
    // The widget words the topic and the opening in the moderator's language and sends them; they are used as given.
    const worded = { ...body, topic: "Moderiertes Gespräch.", opening: "Dieser Raum wurde eröffnet. Grund: Shouting match at the meetup" };
    const inGerman = await dash.api("POST", "/api/actions/moderation.conflict-room/plan", { token, body: worded });
    expect(inGerman.body.plan).toMatchObject({ opening: worded.opening, room: { topic: worded.topic } });
    const res = await dash.api("POST", "/api/actions/moderation.conflict-room/apply", { token, body: worded });
    expect(res.status, res.text).toBe(200);
    expect(res.body.result.openingEventId).toBeNull();
    const roomId = res.body.result.roomId;
    const state: StateEvent[] = await c.bot.client.allState(roomId);
    expect(stateOf(state, "m.room.topic").topic).toBe("Moderiertes Gespräch.");
    expect(JSON.stringify(state)).not.toContain("Shouting match");
    expect(JSON.stringify(await c.bot.client.messages(roomId, 50))).not.toContain("Shouting match");
  });
});

describe("cross-room actions", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  let rooms: string[];
  let troll: Person;
  let admin: Person;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    troll = await person(hs, `${c.tag}-troll`);
    admin = await person(hs, `${c.tag}-admin`);
    // Volume set-up only: the troll's ten joins and messages would otherwise wait on the limiter.
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    await setRateLimitOverride(c.bot.client, troll.userId, true);
    rooms = [];
    for (let i = 0; i < 10; i++) {
      const room = await c.bot.client.createRoom({ preset: "public_chat", name: `Public ${i}` });
      await troll.client.join(room);
      await troll.client.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/t${i}`, { msgtype: "m.text", body: `spam ${i}` });
      rooms.push(room);
    }
    await c.bot.client.invite(c.moderatorRoom.roomId, admin.userId);
    await admin.client.join(c.moderatorRoom.roomId);
    await c.bot.client.setPowerLevel(c.moderatorRoom.roomId, admin.userId, 100);
    dash = await startDashboard(c, { MODERATOR_NOTICES: "on" });
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("redacts a user's recent messages, then bans them from 10 rooms, read back from Synapse", async () => {
    const targets = { kind: "rooms", rooms };
    const redact = await dash.api("POST", "/api/actions/moderation.redact/apply", { token, body: { user: troll.userId, targets, limitPerRoom: 10 } });
    expect(redact.status, redact.text).toBe(200);
    await waitForJob(dash.api, token, redact.body.result.jobId, (j) => j.state === "done" && j.done === 10);
    for (const room of rooms) {
      const spam = (await c.bot.client.messages(room, 20)).find((e) => e.sender === troll.userId && e.type === "m.room.message");
      expect(spam?.content).toEqual({});
    }
    const plan = await dash.api("POST", "/api/actions/moderation.ban/plan", { token, body: { user: troll.userId, targets, reason: "spam" } });
    expect(plan.body.plan.count).toBe(10);
    const ban = await dash.api("POST", "/api/actions/moderation.ban/apply", { token, body: { user: troll.userId, targets, reason: "spam" } });
    const job = await waitForJob(dash.api, token, ban.body.result.jobId, (j) => j.state === "done");
    expect(job).toMatchObject({ done: 10, failed: 0 });
    for (const room of rooms) {
      const member = await c.bot.client.state(room, "m.room.member", troll.userId);
      expect(member).toMatchObject({ membership: "ban", reason: "spam" });
    }
    const unban = await dash.api("POST", "/api/actions/moderation.unban/apply", { token, body: { user: troll.userId, targets: { kind: "rooms", rooms: rooms.slice(0, 2) } } });
    await waitForJob(dash.api, token, unban.body.result.jobId, (j) => j.state === "done" && j.done === 2);
    expect((await c.bot.client.state(rooms[0]!, "m.room.member", troll.userId)).membership).toBe("leave");
  });

  it("will not let a moderator ban an admin", async () => {
    const res = await dash.api("POST", "/api/actions/moderation.ban/plan", { token, body: { user: admin.userId, targets: { kind: "all" } } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("at or above your own level");
  });

  it("keeps an audit trail with filters and a CSV export, and posts compact notices", async () => {
    const list = await dash.api("GET", `/api/audit?action=moderation.ban`, { token });
    expect(list.body[0]).toMatchObject({ actor: c.moderators[0]!.userId, action: "moderation.ban", result: "ok", target: `${troll.userId} in 10 rooms` });
    const byTarget = await dash.api("GET", `/api/audit?target=${encodeURIComponent(troll.userId)}`, { token });
    expect(byTarget.body.map((r: any) => r.action).sort()).toEqual(["moderation.ban", "moderation.redact", "moderation.unban"]);
    const csv = await fetch(`${dash.url}/api/audit.csv?action=moderation.ban`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("id,at,actor,actor_kind,action,target,result,detail,request_id");
    expect(text).toContain(`"moderation.ban"`);
    const notices = (await c.moderators[0]!.client.messages(c.moderatorRoom.roomId, 20)).filter((e) => e.content.msgtype === "m.notice");
    expect(notices.some((n) => n.content.body.includes("ban a user from many rooms"))).toBe(true);
  });
});
