import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, person, setRateLimitOverride, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { command, editsOf, eventually, repliesTo } from "../../helpers/commands.ts";

const hs = inject("synapse");

describe("moderator-room commands", () => {
  let c: Community;
  let dash: TestDashboard;
  let mod: Person;
  let room: string;
  let backlogCommand: string;
  const say = (text: string, options: { count?: number; as?: Person } = {}) =>
    command((options.as ?? mod).client, room, text, c.bot.userId, { count: options.count });

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 2, members: 3, extraRooms: 2 });
    mod = c.moderators[0]!;
    room = c.moderatorRoom.roomId;
    // Written before the dashboard starts: it must never run.
    backlogCommand = await mod.client.send(room, `!dash room create community Backlog ${c.tag}`);
    // Every command, reply and progress edit is a message under rc_message (burst 10, then one
    // every 5 s), for the bot and for the moderators typing; this suite is about commands, not the
    // limiter (announce.test.ts covers that), so both sides are exempt.
    for (const u of [c.bot, ...c.moderators, c.members[0]!]) await setRateLimitOverride(c.bot.client, u.userId, true);
    dash = await startDashboard(c);
  });
  afterAll(() => dash?.close());

  it("answers help in the command's thread, formatted, and a bad argument with the usage", async () => {
    const { eventId, reply } = await say("!dash help");
    expect(reply.content["m.relates_to"]).toMatchObject({ rel_type: "m.thread", event_id: eventId, "m.in_reply_to": { event_id: eventId } });
    expect(reply.content).toMatchObject({ msgtype: "m.notice", format: "org.matrix.custom.html" });
    expect(reply.body).toContain("!dash room create <template> <name…>");
    expect(reply.body).toContain("!dash ban <@user> [rooms|all] [reason…]");
    expect(reply.html).toContain("<code>!dash announce &#60;rooms|all&#62;");

    const bad = await say("!dash help nosuch");
    expect(bad.reply.body).toContain('There is no command "nosuch"');
    expect(bad.reply.body).toContain("Usage: `!dash help [command]`");
  });

  it("gives the doctor summary as status", async () => {
    const { reply } = await say("!dash status");
    expect(reply.body).toMatch(/All required checks pass: \d+ of \d+ checks OK/);
    expect(reply.body).toContain("End-to-end encryption: unavailable");
    expect(reply.body).toContain("End-to-end encryption is unavailable.");

    const bad = await say("!dash status now");
    expect(bad.reply.body).toContain("status takes no arguments");
    expect(bad.reply.body).toContain("Usage: `!dash status`");
  });

  it("lists and searches rooms", async () => {
    const { reply } = await say("!dash rooms group");
    expect(reply.body).toContain('2 rooms matching "group"');
    expect(reply.body).toContain("Group 1");
    expect(reply.body).toContain(c.rooms[1]!.alias);

    const bad = await say(`!dash rooms ${"x".repeat(201)}`);
    expect(bad.reply.body).toContain("search:");
    expect(bad.reply.body).toContain("Usage: `!dash rooms [search]`");
  });

  it("creates a room from a template, audited as the moderator's command", async () => {
    const name = `Book club ${c.tag}`;
    const { reply } = await say(`!dash room create community ${name}`);
    expect(reply.body).toContain(`Created ${name}`);
    const alias = `#book-club-${c.tag}:${hs.serverName}`;
    const roomId = await mod.client.resolveAlias(alias);
    expect((await c.bot.client.state(roomId, "m.room.name")).name).toBe(name);
    expect((await c.bot.client.state(roomId, "m.room.member", mod.userId)).membership).toBe("invite");
    expect(dash.ctx.audit.list({ action: "rooms.create" })[0]).toMatchObject({ actor: mod.userId, actorKind: "command", target: alias, result: "ok" });

    const bad = await say("!dash room create community");
    expect(bad.reply.body).toContain("Give the room a name");
    expect(bad.reply.body).toContain("Usage: `!dash room create <template> <name…>`");
    const unknown = await say("!dash room create nosuch Some room");
    expect(unknown.reply.body).toContain('No template "nosuch"');
  });

  it("invites people as a background job with its own progress message", async () => {
    const guest = await person(hs, `${c.tag}-guest`);
    const { replies } = await say(`!dash invite @${guest.localpart} ${c.rooms[0]!.alias.split(":")[0]}`, { count: 2 });
    expect(replies[0]!.body).toContain("Inviting: 1 invitation");
    expect(replies[1]!.body).toContain("rooms.invite");
    await eventually(async () => expect((await c.bot.client.state(c.rooms[0]!.roomId, "m.room.member", guest.userId)).membership).toBe("invite"));

    const bad = await say(`!dash invite ${guest.userId}`);
    expect(bad.reply.body).toContain("Name one or more rooms");
    expect(bad.reply.body).toContain("Usage: `!dash invite <@user…> <room…>`");
  });

  it("opens a conflict-resolution room for the parties", async () => {
    const [a, b] = c.members;
    const { reply } = await say(`!dash conflict ${a!.userId} ${b!.userId} Shouting match in general`);
    expect(reply.body).toContain("Conflict-resolution room opened");
    const roomId = /(![^\s)]+)/.exec(reply.body)![1]!;
    for (const p of [a!, b!]) expect((await c.bot.client.state(roomId, "m.room.member", p.userId)).membership).toBe("invite");
    expect(dash.ctx.audit.list({ action: "moderation.conflict-room" })[0]).toMatchObject({ actor: mod.userId, target: `${a!.userId}, ${b!.userId}` });

    const bad = await say(`!dash conflict ${a!.userId}`);
    expect(bad.reply.body).toContain("Name the two (or more) people");
    expect(bad.reply.body).toContain("Usage: `!dash conflict <@a> <@b> [reason…]`");
  });

  it("kicks from one room without confirmation; the progress message ends in the final state", async () => {
    const target = c.members[2]!;
    const { replies } = await say(`!dash kick ${target.userId} ${c.rooms[1]!.alias} off-topic`, { count: 2 });
    expect(replies[0]!.body).toContain(`Removing ${target.userId} in 1 room`);
    await eventually(async () => expect((await c.bot.client.state(c.rooms[1]!.roomId, "m.room.member", target.userId)).membership).toBe("leave"));
    const progress = replies[1]!;
    await eventually(async () => expect((await editsOf(mod.client, room, progress.eventId)).at(-1)?.body).toMatch(/moderation\.kick: \*\*done\*\*, 1\/1 done/));

    const bad = await say("!dash kick");
    expect(bad.reply.body).toContain("Name the user to kick");
    expect(bad.reply.body).toContain("Usage: `!dash kick <@user> [rooms|all] [reason…]`");
  });

  it("writes the same audit entry for a command as for the same widget call", async () => {
    const target = c.members[1]!;
    await say(`!dash kick ${target.userId} ${c.rooms[0]!.alias} spam`, { count: 2 });
    const token = await signIn(dash, mod);
    const api = await dash.api("POST", "/api/actions/moderation.kick/apply", {
      token,
      body: { user: target.userId, targets: { kind: "rooms", rooms: [c.rooms[0]!.roomId] }, reason: "spam" },
    });
    expect(api.status, api.text).toBe(200);
    const [fromApi, fromCommand] = dash.ctx.audit.list({ action: "moderation.kick", target: target.userId });
    const same = (r: typeof fromApi) => ({ action: r!.action, actor: r!.actor, target: r!.target, result: r!.result });
    expect(same(fromCommand)).toEqual(same(fromApi));
    expect(same(fromApi)).toEqual({ action: "moderation.kick", actor: mod.userId, target: `${target.userId} in 1 rooms`, result: "ok" });
    expect([fromCommand!.actorKind, fromApi!.actorKind]).toEqual(["command", "session"]);
  });

  it("shows jobs and one job, and refuses to cancel a finished one", async () => {
    const list = await say("!dash jobs");
    const shortId = /`([0-9a-f]{8})` moderation\.cross-room/.exec(list.reply.body)![1]!;
    const one = await say(`!dash job ${shortId}`);
    expect(one.reply.body).toMatch(new RegExp(`${shortId}\` moderation\\.cross-room: \\*\\*done\\*\\*`));
    const cancel = await say(`!dash cancel ${shortId}`);
    expect(cancel.reply.body).toContain("has already finished");

    expect((await say("!dash job")).reply.body).toContain("Usage: `!dash job <id>`");
    expect((await say("!dash jobs all")).reply.body).toContain("Usage: `!dash jobs`");
    expect((await say("!dash job ffffffff")).reply.body).toContain("No job ffffffff");
  });

  it("refuses a non-moderator with a reply, and does nothing", async () => {
    const outsider = c.members[0]!;
    await c.bot.client.invite(room, outsider.userId);
    await outsider.client.join(room);
    const jobsBefore = dash.ctx.jobs.store.list().length;
    const { reply } = await say(`!dash ban ${mod.userId} spam`, { as: outsider });
    expect(reply.body).toContain(`${outsider.userId} is not a moderator`);
    expect(dash.ctx.audit.list({ actor: outsider.userId })).toEqual([]);
    expect(dash.ctx.jobs.store.list()).toHaveLength(jobsBefore);
    expect((await say("!dash help", { as: outsider })).reply.body).toContain("is not a moderator");
  });

  it("answers an unknown command with the way to the list", async () => {
    const { reply } = await say("!dash frobnicate now");
    expect(reply.body).toContain("Unknown command `!dash frobnicate now`");
    expect(reply.body).toContain("`!dash help`");
  });

  it("ignores edits, notices, ordinary chat and commands written before it started", async () => {
    const edit = await mod.client.send(room, {
      msgtype: "m.text",
      body: "* !dash jobs",
      "m.new_content": { msgtype: "m.text", body: "!dash jobs" },
      "m.relates_to": { rel_type: "m.replace", event_id: backlogCommand },
    });
    const notice = await mod.client.send(room, { msgtype: "m.notice", body: "!dash jobs" });
    const chat = await mod.client.send(room, "what does !dash jobs do?");
    // Messages are handled in order of arrival: once a later command is answered, these were seen.
    await say("!dash jobs");
    for (const eventId of [backlogCommand, edit, notice, chat]) {
      expect(await repliesTo(mod.client, room, eventId, c.bot.userId, { count: 0 })).toEqual([]);
    }
    await expect(mod.client.resolveAlias(`#backlog-${c.tag}:${hs.serverName}`)).rejects.toThrow(/404/);
  });
  it("keeps hearing commands after a room the bot was in is purged, which ends Synapse's sliding-sync connection", async () => {
    const purged = await c.bot.client.createRoom({ preset: "private_chat", name: "Purged while listening" });
    await c.bot.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(purged)}/leave`, {});
    await c.bot.client.request("DELETE", `/_synapse/admin/v2/rooms/${encodeURIComponent(purged)}`, { purge: true });
    // Written while the old connection answers 404: heard once the listener opens a new one, and only once.
    const { replies } = await say("!dash jobs");
    expect(replies).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await repliesTo(mod.client, room, replies[0]!.content["m.relates_to"]["m.in_reply_to"].event_id, c.bot.userId, { count: 1 })).toHaveLength(1);
  });
});
