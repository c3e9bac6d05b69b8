import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, person, setRateLimitOverride, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { waitForJob } from "../../helpers/jobs.ts";
import { eventually } from "../../helpers/eventually.ts";
import { command, confirmationCode } from "../../helpers/commands.ts";

const hs = inject("synapse");
const finished = (job: any) => job.state === "done" || job.state === "failed";

describe("a subscribed ban list of another community", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  let other: Person;
  let listRoom: string;
  let listAlias: string;
  let managed: string[];
  let spammer: Person;

  const plan = async () => {
    const res = await dash.api("POST", "/api/actions/policy-lists.enforce/plan", { token, body: {} });
    expect(res.status, res.text).toBe(200);
    return res.body.plan;
  };
  const apply = async () => {
    const res = await dash.api("POST", "/api/actions/policy-lists.enforce/apply", { token, body: {} });
    expect(res.status, res.text).toBe(200);
    const job = await waitForJob(dash.api, token, res.body.result.jobId, finished);
    expect(job.state, JSON.stringify(job)).toBe("done");
    return res.body;
  };
  // Matches member1 only (the ? stands for the "b" of "member"), a glob all the same.
  const spammerGlob = () => `@${c.tag}-mem?er1:${hs.serverName}`;
  const membership = async (room: string, user: string) => (await c.bot.client.state(room, "m.room.member", user)).membership;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 2, members: 3, extraRooms: 2 });
    spammer = c.members[0]!;
    managed = [c.defaultRoom.roomId, ...c.rooms.map((r) => r.roomId)];
    other = await person(hs, `${c.tag}-othercommunity`);
    listAlias = `#${c.tag}-their-bans:${hs.serverName}`;
    listRoom = await other.client.createRoom({ preset: "public_chat", name: "Their ban list", room_alias_name: `${c.tag}-their-bans` });
    // Bans, ACLs, unbans and notices in a row would otherwise wait on Synapse's message limiter.
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    dash = await startDashboard(c, { MODERATOR_NOTICES: "on" });
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("subscribes by alias, and a new user rule there plans and applies the member's ban in all three rooms", async () => {
    const sub = await dash.api("POST", "/api/actions/policy-lists.subscribe/apply", { token, body: { room: listAlias } });
    expect(sub.status, sub.text).toBe(200);
    expect(sub.body.result).toMatchObject({ roomId: listRoom, rules: 0 });

    const glob = spammerGlob();
    await other.client.sendState(listRoom, "m.policy.rule.user", `rule:${glob}`, { entity: glob, reason: "spam wave", recommendation: "m.ban" });
    const p = await plan();
    expect(p.bans.map((b: any) => b.room).sort()).toEqual([...managed].sort());
    for (const ban of p.bans) expect(ban).toMatchObject({ user: spammer.userId, rule: { entity: glob, reason: "spam wave", source: listRoom } });
    expect(p.bans.map((b: any) => b.room)).not.toContain(listRoom);

    const lists = await dash.api("GET", "/api/policy-lists", { token });
    expect(lists.body.lists).toEqual([expect.objectContaining({ roomId: listRoom, alias: listAlias, own: false, ruleCount: 1, name: "Their ban list" })]);
    expect(lists.body.rules).toEqual([expect.objectContaining({ entity: glob, source: listRoom, kind: "user" })]);

    await apply();
    for (const room of managed) expect(await membership(room, spammer.userId)).toBe("ban");
    expect((await plan()).bans).toEqual([]);
    const audit = (await dash.api("GET", "/api/audit?limit=5", { token })).body;
    expect(JSON.stringify(audit)).toContain("policy-lists.enforce");
  });

  it("turns a server rule into the ACL change of each room, never denying the homeserver's own server", async () => {
    await other.client.sendState(listRoom, "m.policy.rule.server", "rule:evil.example", { entity: "evil.example", reason: "spam server", recommendation: "m.ban" });
    await other.client.sendState(listRoom, "m.policy.rule.server", "rule:*", { entity: "*", reason: "oops, everything", recommendation: "m.ban" });
    const p = await plan();
    const aclRooms = p.acls.map((a: any) => a.room);
    for (const room of managed) expect(aclRooms).toContain(room);
    for (const acl of p.acls) {
      expect(acl.add).toEqual(["evil.example"]);
      expect(acl.deny).not.toContain(hs.serverName);
    }
    expect(p.protected).toContainEqual({ entity: "*", reason: { code: "banlist.protected-own-server", text: "matches the homeserver's own server" } });
    await apply();
    for (const room of managed) {
      const acl = await c.bot.client.state(room, "m.room.server_acl");
      expect(acl).toMatchObject({ allow: ["*"], deny: ["evil.example"], allow_ip_literals: true });
    }
    // The rooms still work for the homeserver's own users.
    await c.members[1]!.client.send(c.defaultRoom.roomId, "still here");
  });

  it("offers the unbans when the other community removes the rule, and lifts them on apply", async () => {
    const glob = spammerGlob();
    await other.client.sendState(listRoom, "m.policy.rule.user", `rule:${glob}`, {});
    const p = await plan();
    expect(p.unbans.map((u: any) => u.room).sort()).toEqual([...managed].sort());
    for (const u of p.unbans) expect(u).toMatchObject({ user: spammer.userId, rule: { entity: glob, source: listRoom } });
    await apply();
    for (const room of managed) expect(await membership(room, spammer.userId)).toBe("leave");
    expect((await plan()).unbans).toEqual([]);
  });

  it("enforces a new rule by itself once an admin turns automatic enforcement on, as the system, with a notice", async () => {
    const refused = await dash.api("POST", "/api/actions/policy-lists.auto-enforce/apply", { token, body: { on: true } });
    expect(refused.status).toBe(403);
    await c.bot.client.setPowerLevel(c.moderatorRoom.roomId, c.moderators[1]!.userId, 100);
    const adminToken = await signIn(dash, c.moderators[1]!);
    const on = await dash.api("POST", "/api/actions/policy-lists.auto-enforce/apply", { token: adminToken, body: { on: true } });
    expect(on.status, on.text).toBe(200);

    const target = c.members[2]!;
    await other.client.sendState(listRoom, "m.policy.rule.user", `rule:${target.userId}`, { entity: target.userId, reason: "raid", recommendation: "m.ban" });
    await eventually(async () => {
      for (const room of managed) expect(await membership(room, target.userId)).toBe("ban");
    }, 60_000);
    const audit = (await dash.api("GET", "/api/audit?limit=20", { token })).body;
    const entry = audit.find((e: any) => e.action === "policy-lists.enforce" && e.actor === "policy-lists:auto-enforce");
    expect(entry, JSON.stringify(audit)).toMatchObject({ actorKind: "system", result: "ok" });
    await eventually(async () => {
      const notices = (await c.moderators[0]!.client.messages(c.moderatorRoom.roomId, 30)).filter((e) => e.content.msgtype === "m.notice");
      expect(notices.map((n) => n.content.body).join("\n")).toContain(`policy-lists:auto-enforce · ban lists enforced · ${managed.length} bans of 1 user (${target.userId})`);
    });
  });

  it("keeps the community's own list: ban everywhere also writes the rule Draupnir reads, and removing it offers the unbans", async () => {
    const admin = await signIn(dash, c.moderators[1]!);
    await dash.api("POST", "/api/actions/policy-lists.auto-enforce/apply", { token: admin, body: { on: false } });
    const noList = await dash.api("POST", "/api/actions/moderation.ban/plan", { token, body: { user: c.members[1]!.userId, targets: { kind: "all" }, addToBanList: true } });
    expect(noList.status).toBe(409);
    const created = await dash.api("POST", "/api/actions/policy-lists.create-list/apply", { token: admin, body: { name: "Our ban list" } });
    expect(created.status, created.text).toBe(200);
    const own = created.body.result.roomId;

    const target = c.members[1]!;
    const ban = await dash.api("POST", "/api/actions/moderation.ban/apply", { token, body: { user: target.userId, targets: { kind: "all" }, reason: "raid", addToBanList: true } });
    expect(ban.status, ban.text).toBe(200);
    expect(ban.body.plan).toMatchObject({ banList: own });
    expect(ban.body.plan.rooms.map((r: any) => r.room)).not.toContain(own);
    expect(ban.body.plan.rooms.map((r: any) => r.room)).not.toContain(listRoom);
    await waitForJob(dash.api, token, ban.body.result.jobId, finished);
    const rule = await c.bot.client.state(own, "m.policy.rule.user", `rule:${target.userId}`);
    expect(rule).toEqual({ entity: target.userId, reason: "raid", recommendation: "m.ban" });

    const remove = await dash.api("POST", "/api/actions/policy-lists.remove-rule/plan", { token, body: { kind: "user", entity: target.userId } });
    expect(remove.status, remove.text).toBe(200);
    // "All" rooms of ban everywhere include the moderator room, where the ban was written ahead of a join.
    const banned = [...managed, c.moderatorRoom.roomId].sort();
    expect(remove.body.plan.undo.unbans.map((u: any) => u.room).sort()).toEqual(banned);
    const removed = await dash.api("POST", "/api/actions/policy-lists.remove-rule/apply", { token, body: { kind: "user", entity: target.userId } });
    expect(removed.status, removed.text).toBe(200);
    await waitForJob(dash.api, token, removed.body.result.jobId, finished);
    for (const room of banned) expect(await membership(room, target.userId)).toBe("leave");
    expect(await c.bot.client.state(own, "m.policy.rule.user", `rule:${target.userId}`)).toEqual({});
  });

  it("works from the moderator room too: list, add a server rule, enforce after a confirmation", async () => {
    const mod = c.moderators[0]!.client;
    const room = c.moderatorRoom.roomId;
    const added = await command(mod, room, "!dash banlist add chat-evil.example flood", c.bot.userId);
    expect(added.reply.body).toContain("Rule added");
    const listed = await command(mod, room, "!dash banlist", c.bot.userId);
    expect(listed.reply.body).toContain(listAlias);
    expect(listed.reply.body).toMatch(/own: .* — 1 rule\b/);
    const planned = await command(mod, room, "!dash banlist enforce", c.bot.userId);
    expect(planned.reply.body).toContain("deny chat-evil.example");
    await command(mod, room, `!dash confirm ${confirmationCode(planned.reply)}`, c.bot.userId);
    await eventually(async () => {
      for (const r of managed) expect((await c.bot.client.state(r, "m.room.server_acl")).deny).toContain("chat-evil.example");
    });
  });

  it("shows matching rules in the user card and in a reported sender's history, and puts a reported sender on our list", async () => {
    const raider = c.members[2]!.userId;
    const card = await dash.api("GET", `/api/users/${encodeURIComponent(raider)}`, { token });
    expect(card.status, card.text).toBe(200);
    expect(card.body.banListMatches).toEqual([{ listRoomId: listRoom, listName: listAlias, kind: "user", entity: raider, reason: "raid", recommendation: "m.ban" }]);

    await spammer.client.join(c.defaultRoom.roomId);
    const eventId = await spammer.client.send(c.defaultRoom.roomId, "cheap pills at example.invalid");
    await c.moderators[0]!.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(c.defaultRoom.roomId)}/report/${encodeURIComponent(eventId)}`, { reason: "spam", score: -100 });
    const id = await eventually(async () => {
      const found = (await dash.api("GET", "/api/reports", { token })).body.reports.find((r: any) => r.eventId === eventId);
      expect(found).toBeDefined();
      return found.id as number;
    });
    expect((await dash.api("GET", `/api/reports/${id}`, { token })).body.senderHistory.banListMatches).toEqual([]);
    const added = await dash.api("POST", "/api/actions/policy-lists.add-rule/apply", { token, body: { kind: "user", entity: spammer.userId, reason: `Report ${id}: spam` } });
    expect(added.status, added.text).toBe(200);
    const detail = await dash.api("GET", `/api/reports/${id}`, { token });
    expect(detail.body.senderHistory.banListMatches).toEqual([expect.objectContaining({ listRoomId: added.body.result.room, kind: "user", entity: spammer.userId, reason: `Report ${id}: spam` })]);
  });
});
