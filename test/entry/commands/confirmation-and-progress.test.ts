import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, person, setRateLimitOverride, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { command, confirmationCode, editsOf, eventually } from "../../helpers/commands.ts";
import { ANNOUNCEMENT_MARKER } from "../../../server/features/announcements/announce.ts";

const hs = inject("synapse");
const CONFIRM_SECONDS = 4;

describe("destructive commands: confirmation, expiry, progress, cancel", () => {
  let c: Community;
  let dash: TestDashboard;
  let mod: Person;
  let room: string;
  let announceRooms: Array<{ roomId: string; alias: string }>;
  let inviteRooms: string[];
  const say = (text: string, options: { count?: number; as?: Person; threadRoot?: string } = {}) =>
    command((options.as ?? mod).client, room, text, c.bot.userId, { count: options.count, threadRoot: options.threadRoot });
  const copiesIn = async (roomId: string) =>
    (await c.bot.client.messages(roomId, 50)).filter((e) => e.type === "m.room.message" && e.content[ANNOUNCEMENT_MARKER]).length;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 2, members: 2, extraRooms: 0 });
    mod = c.moderators[0]!;
    room = c.moderatorRoom.roomId;
    // Set-up volume only (rooms, joins, the moderators' commands), exempt from the limiter.
    for (const u of [c.bot, ...c.moderators]) await setRateLimitOverride(c.bot.client, u.userId, true);
    announceRooms = [];
    for (let i = 1; i <= 3; i++) {
      const alias = `${c.tag}-news${i}`;
      const roomId = await c.bot.client.createRoom({ preset: "public_chat", name: `News ${i}`, room_alias_name: alias });
      announceRooms.push({ roomId, alias: `#${alias}:${hs.serverName}` });
      for (const m of c.members) await m.client.join(roomId);
    }
    inviteRooms = [];
    for (let i = 1; i <= 7; i++) inviteRooms.push(await c.bot.client.createRoom({ preset: "private_chat", name: `Invite ${i}` }));
    // The bot's replies and edits are messages: a generous custom rate keeps them quick. Unlike a
    // full exemption, a non-zero override leaves Synapse's invite limits in force (per invitee: 5,
    // then one every ~5 min), which the cancel test needs to hold a job in "waiting".
    await c.bot.client.request("POST", `/_synapse/admin/v1/users/${encodeURIComponent(c.bot.userId)}/override_ratelimit`, {
      messages_per_second: 50,
      burst_count: 100,
    });
    dash = await startDashboard(c, { COMMAND_CONFIRM_SECONDS: String(CONFIRM_SECONDS) });
  });
  afterAll(() => dash?.close());

  it("shows an announcement's plan and sends nothing until confirmed; then one progress message is edited to the final state", async () => {
    const targets = announceRooms.map((r) => r.alias).join(" ");
    const ask = await say(`!dash announce ${targets}\n**Community meeting** on Friday`);
    expect(ask.reply.body).toContain("This announcement goes to **3 rooms**");
    expect(ask.reply.body).toContain("News 1");
    expect(ask.reply.body).toContain("> **Community meeting** on Friday");
    const code = confirmationCode(ask.reply);
    expect(ask.reply.body).toContain(`within ${CONFIRM_SECONDS} seconds`);
    for (const r of announceRooms) expect(await copiesIn(r.roomId)).toBe(0);

    // Confirmed from inside the command's thread, as a phone client replies there.
    const go = await say(`!dash confirm ${code}`, { threadRoot: ask.eventId, count: 2 });
    expect(go.replies[0]!.content["m.relates_to"]).toMatchObject({ rel_type: "m.thread", event_id: ask.eventId, "m.in_reply_to": { event_id: go.eventId } });
    expect(go.replies[0]!.body).toContain("Sending the announcement to 3 rooms");
    const progress = go.replies[1]!;
    const shortId = /`([0-9a-f]{8})` announcements\.send/.exec(progress.body)![1]!;

    const edits = await eventually(async () => {
      const all = await editsOf(mod.client, room, progress.eventId);
      expect(all.at(-1)?.body).toMatch(/announcements\.send: \*\*done\*\*, 3\/3 done/);
      return all;
    });
    expect(edits.every((e) => e.sender === c.bot.userId)).toBe(true);
    // Coalesced: a quick job gets its final state, not an edit per room.
    expect(edits.length).toBeLessThanOrEqual(2);
    const thread = await mod.client.relations(room, ask.eventId, "m.thread");
    const progressMessages = thread.filter((e) => e.sender === c.bot.userId && !e.content["m.new_content"] && e.content.body.includes(shortId));
    expect(progressMessages).toHaveLength(1);
    for (const r of announceRooms) expect(await copiesIn(r.roomId)).toBe(1);
    expect(dash.ctx.audit.list({ action: "announcements.send" })[0]).toMatchObject({ actor: mod.userId, actorKind: "command", target: "3 rooms", result: "ok" });

    const noMessage = await say(`!dash announce ${announceRooms[0]!.alias}`);
    expect(noMessage.reply.body).toContain("Write the announcement on the lines after the command");
    expect(noMessage.reply.body).toContain("Usage: `!dash announce <rooms|all>");
    expect((await say("!dash announce")).reply.body).toContain("Say which rooms");
  });

  it("refuses another moderator's confirmation, an expired code and an unknown one, and runs nothing", async () => {
    const target = c.members[0]!;
    const ban = await say(`!dash ban ${target.userId} ${announceRooms[0]!.alias} spam`);
    const announce = await say(`!dash announce ${announceRooms[1]!.alias}\nnever sent`);
    const banCode = confirmationCode(ban.reply);
    const announceCode = confirmationCode(announce.reply);

    const other = await say(`!dash confirm ${banCode}`, { as: c.moderators[1]! });
    expect(other.reply.body).toContain(`Only ${mod.userId}, who asked for it, can confirm ${banCode}`);
    await new Promise((r) => setTimeout(r, CONFIRM_SECONDS * 1000 + 500));
    for (const code of [banCode, announceCode]) expect((await say(`!dash confirm ${code}`)).reply.body).toContain(`The code ${code} has expired`);
    expect((await say("!dash confirm ZZZZZZ")).reply.body).toContain("No command is waiting for the code ZZZZZZ");
    expect((await say("!dash confirm")).reply.body).toContain("Usage: `!dash confirm <code>`");

    expect((await c.bot.client.state(announceRooms[0]!.roomId, "m.room.member", target.userId)).membership).toBe("join");
    expect(await copiesIn(announceRooms[1]!.roomId)).toBe(1);
    expect(dash.ctx.audit.list({ action: "moderation.ban" })).toEqual([]);
  });

  it("bans everywhere after confirmation, with the same audit entry as the widget's call", async () => {
    const target = c.members[1]!;
    const ask = await say(`!dash ban ${target.userId} spam`);
    expect(ask.reply.body).toMatch(new RegExp(`Ban \\*\\*${target.userId.replace(/[.]/g, "\\.")}\\*\\* in \\*\\*\\d+ rooms\\*\\*`));
    const go = await say(`!dash confirm ${confirmationCode(ask.reply)}`, { count: 2 });
    await eventually(async () => expect((await editsOf(mod.client, room, go.replies[1]!.eventId)).at(-1)?.body).toMatch(/\*\*done\*\*/));
    for (const r of announceRooms) expect((await c.bot.client.state(r.roomId, "m.room.member", target.userId)).membership).toBe("ban");

    const token = await signIn(dash, mod);
    const api = await dash.api("POST", "/api/actions/moderation.ban/apply", { token, body: { user: target.userId, targets: { kind: "all" }, reason: "spam" } });
    expect(api.status, api.text).toBe(200);
    const [fromApi, fromCommand] = dash.ctx.audit.list({ action: "moderation.ban" });
    const same = (r: typeof fromApi) => ({ action: r!.action, actor: r!.actor, target: r!.target, result: r!.result });
    expect(same(fromCommand)).toEqual(same(fromApi));
    expect(fromCommand).toMatchObject({ actor: mod.userId, actorKind: "command" });

    const bad = await say("!dash ban someone");
    expect(bad.reply.body).toContain('"someone" is not a Matrix user ID');
    expect(bad.reply.body).toContain("Usage: `!dash ban <@user> [rooms|all] [reason…]`");
  });

  it("cancels a job that waits on Synapse's invite limit; its progress message ends as cancelled", async () => {
    // A name of its own per attempt, so a retry of this test registers afresh instead of failing on "user ID taken".
    const newcomer = await person(hs, `${c.tag}-newcomer-${Date.now().toString(36)}`);
    const rooms = inviteRooms.join(" ");
    const { replies } = await say(`!dash invite ${newcomer.userId} ${rooms}`, { count: 2 });
    expect(replies[0]!.body).toContain("Inviting: 7 invitations");
    const jobId = dash.ctx.jobs.store.list(1)[0]!.id;
    await eventually(() => expect(dash.ctx.jobs.get(jobId).state).toBe("waiting"));

    const cancel = await say(`!dash cancel ${jobId.slice(0, 8)}`);
    expect(cancel.reply.body).toContain(jobId.slice(0, 8));
    await eventually(() => expect(dash.ctx.jobs.get(jobId).state).toBe("cancelled"));
    await eventually(async () => expect((await editsOf(mod.client, room, replies[1]!.eventId)).at(-1)?.body).toMatch(/rooms\.invite: \*\*cancelled\*\*, 5\/7 done, 2 skipped/));

    expect((await say("!dash cancel")).reply.body).toContain("Usage: `!dash cancel <id>`");
  });
});
