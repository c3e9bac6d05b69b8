import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { waitForJob } from "../../helpers/jobs.ts";
import { command, eventually } from "../../helpers/commands.ts";
import { getSetting } from "../../../server/kernel/store/settings.ts";

const hs = inject("synapse");

async function report(reporter: Person, roomId: string, eventId: string, reason: string): Promise<void> {
  await reporter.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/report/${encodeURIComponent(eventId)}`, { reason, score: -100 });
}

describe("the reports inbox against Synapse", () => {
  let c: Community;
  let dash: TestDashboard;
  let modToken: string;
  let adminToken: string;
  let spammer: Person;
  let reporter: Person;
  let spamEventId: string;
  let outsideEventId: string;
  const idOf = async (eventId: string, token: string) => {
    const inbox = (await dash.api("GET", "/api/reports", { token })).body;
    return inbox.reports.find((r: any) => r.eventId === eventId)?.id as number | undefined;
  };

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 2, members: 3, extraRooms: 2 });
    [reporter, spammer] = [c.members[0]!, c.members[1]!];
    // The second moderator is a community admin (ADMIN_POWER_LEVEL 100 in the moderator room).
    await c.bot.client.setPowerLevel(c.moderatorRoom.roomId, c.moderators[1]!.userId, 100);
    dash = await startDashboard(c, { REPORTS_POLL_SECONDS: "1" });
    [modToken, adminToken] = await Promise.all([signIn(dash, c.moderators[0]!), signIn(dash, c.moderators[1]!)]);
    // The watcher's first look only sets the cursor; reports made after it are announced.
    await eventually(() => expect(getSetting(dash.ctx.store.db, "reports_notice_cursor")).toBeDefined());

    spamEventId = await spammer.client.send(c.defaultRoom.roomId, "Buy cheap pills at example.invalid");
    await report(reporter, c.defaultRoom.roomId, spamEventId, "spam link");
    await report(c.members[2]!, c.defaultRoom.roomId, spamEventId, "spam again");
    // A room the bot is not in: not the community's.
    const outside = await spammer.client.createRoom({ preset: "private_chat", name: "Elsewhere", invite: [reporter.userId] });
    await reporter.client.join(outside);
    outsideEventId = await spammer.client.send(outside, "an argument elsewhere");
    await report(reporter, outside, outsideEventId, "rude elsewhere");
  });
  afterAll(() => dash?.close());

  it("shows a member's report with its reason, content and count; a report outside the community only to an admin", async () => {
    const inbox = (await dash.api("GET", "/api/reports", { token: modToken })).body;
    expect(inbox).toMatchObject({ available: true, scope: "managed" });
    const mine = inbox.reports.filter((r: any) => r.eventId === spamEventId);
    expect(mine).toHaveLength(2);
    expect(mine[1]).toMatchObject({ reporter: reporter.userId, sender: spammer.userId, reason: "spam link", roomId: c.defaultRoom.roomId, reportsOfEvent: 2, managed: true });
    expect(inbox.reports.some((r: any) => r.eventId === outsideEventId)).toBe(false);

    const detail = await dash.api("GET", `/api/reports/${mine[1].id}`, { token: modToken });
    expect(detail.status, detail.text).toBe(200);
    expect(detail.body.event).toEqual({ kind: "message", type: "m.room.message", msgtype: "m.text", body: "Buy cheap pills at example.invalid" });
    expect(detail.body.senderHistory.reportsAgainst.map((r: any) => r.id)).toEqual([mine[0].id]);

    const adminInbox = (await dash.api("GET", "/api/reports", { token: adminToken })).body;
    expect(adminInbox.scope).toBe("all");
    const outside = adminInbox.reports.find((r: any) => r.eventId === outsideEventId);
    expect(outside).toMatchObject({ reason: "rude elsewhere", managed: false });
    // A moderator learns nothing of it, not even that it exists.
    expect((await dash.api("GET", `/api/reports/${outside.id}`, { token: modToken })).status).toBe(404);
    expect((await dash.api("POST", "/api/actions/reports.dismiss/plan", { token: modToken, body: { reportId: outside.id } })).status).toBe(404);
    expect((await dash.api("GET", `/api/reports/${outside.id}`, { token: adminToken })).body.event.body).toBe("an argument elsewhere");
  });

  it("posts one notice per new report in the moderator room, with a link to the message", async () => {
    const ids = (await dash.api("GET", "/api/reports", { token: modToken })).body.reports.filter((r: any) => r.eventId === spamEventId).map((r: any) => r.id);
    const notices = await eventually(async () => {
      const found = (await c.moderators[0]!.client.messages(c.moderatorRoom.roomId, 50)).filter((e) => e.content.body?.startsWith("🚩 New report"));
      expect(found).toHaveLength(2);
      return found;
    });
    for (const id of ids) expect(notices.filter((n) => n.content.body.includes(`New report ${id}:`))).toHaveLength(1);
    expect(notices[0]!.content.body).toContain(`https://matrix.to/#/${encodeURIComponent(c.defaultRoom.roomId)}/${encodeURIComponent(spamEventId)}`);
    // The report outside the community is not announced to the moderators.
    expect(JSON.stringify(notices)).not.toContain("rude elsewhere");
  });

  it("lists open reports with `!dash reports`", async () => {
    const { reply } = await command(c.moderators[0]!.client, c.moderatorRoom.roomId, "!dash reports", c.bot.userId);
    expect(reply.body).toContain("open reports about the community's rooms");
    expect(reply.body).toContain("spam link");
    expect(reply.body).toContain("reported 2 times");
    expect(reply.body).not.toContain("rude elsewhere");
  });

  it("removes the message and bans the sender everywhere from the inbox, then dismisses the report, all audited", async () => {
    const id = (await idOf(spamEventId, modToken))!;
    const plan = await dash.api("POST", "/api/actions/reports.redact/plan", { token: modToken, body: { reportId: id } });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body.plan).toMatchObject({ report: { id, sender: spammer.userId }, alreadyRedacted: false });
    const redacted = await dash.api("POST", "/api/actions/reports.redact/apply", { token: modToken, body: { reportId: id } });
    expect(redacted.status, redacted.text).toBe(200);
    const event = (await reporter.client.messages(c.defaultRoom.roomId, 50)).find((e) => e.event_id === spamEventId);
    expect(event?.content).toEqual({});
    expect((await dash.api("GET", `/api/reports/${id}`, { token: modToken })).body.event).toEqual({ kind: "redacted" });
    expect((await dash.api("POST", "/api/actions/reports.redact/plan", { token: modToken, body: { reportId: id } })).body.plan.alreadyRedacted).toBe(true);

    const banInput = { user: spammer.userId, targets: { kind: "all" }, reason: `report ${id}` };
    const banPlan = await dash.api("POST", "/api/actions/moderation.ban/plan", { token: modToken, body: banInput });
    expect(banPlan.body.plan.count).toBeGreaterThanOrEqual(3);
    const ban = await dash.api("POST", "/api/actions/moderation.ban/apply", { token: modToken, body: banInput });
    await waitForJob(dash.api, modToken, ban.body.result.jobId, (j) => j.state === "done");
    for (const roomId of [c.defaultRoom.roomId, ...c.rooms.map((r) => r.roomId)]) {
      const member = await c.bot.client.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(spammer.userId)}`);
      expect(member.membership).toBe("ban");
    }

    const dismissed = await dash.api("POST", "/api/actions/reports.dismiss/apply", { token: modToken, body: { reportId: id } });
    expect(dismissed.body.result).toEqual({ dismissed: true });
    expect(await idOf(spamEventId, modToken)).not.toBe(id);
    const audit = (await dash.api("GET", `/api/audit?target=${encodeURIComponent(spammer.userId)}`, { token: modToken })).body;
    expect(audit.map((r: any) => r.action)).toEqual(expect.arrayContaining(["reports.redact", "moderation.ban", "reports.dismiss"]));
    expect(audit.find((r: any) => r.action === "reports.dismiss")).toMatchObject({ actor: c.moderators[0]!.userId, result: "ok", target: `report ${id} · ${spammer.userId} in ${c.defaultRoom.roomId}` });
    // A second dismissal finds nothing to dismiss.
    expect((await dash.api("POST", "/api/actions/reports.dismiss/apply", { token: modToken, body: { reportId: id } })).status).toBe(404);
  });

  it("warns the sender with a reply in the room that mentions only them", async () => {
    const id = (await idOf(spamEventId, modToken))!;
    const res = await dash.api("POST", "/api/actions/reports.warn/apply", { token: modToken, body: { reportId: id, message: "Please stop posting links." } });
    expect(res.status, res.text).toBe(200);
    const warning = (await reporter.client.messages(c.defaultRoom.roomId, 20)).find((e) => e.event_id === res.body.result.eventId);
    expect(warning?.content).toMatchObject({
      msgtype: "m.notice",
      body: `${spammer.userId}: Please stop posting links.`,
      "m.mentions": { user_ids: [spammer.userId] },
      "m.relates_to": { "m.in_reply_to": { event_id: spamEventId } },
    });
    expect(warning?.content.body).not.toContain(reporter.userId);
  });

  it("dismisses a report from the moderator room with `!dash report dismiss <id>`", async () => {
    const id = (await idOf(spamEventId, modToken))!;
    const { reply } = await command(c.moderators[0]!.client, c.moderatorRoom.roomId, `!dash report dismiss ${id}`, c.bot.userId);
    expect(reply.body).toContain(`Report ${id} dismissed.`);
    expect(await idOf(spamEventId, modToken)).toBeUndefined();
    const audit = (await dash.api("GET", "/api/audit?action=reports.dismiss", { token: modToken })).body;
    expect(audit.find((r: any) => r.target.startsWith(`report ${id} `))).toMatchObject({ actorKind: "command" });
  });

  it("says a message is encrypted, and why, when the bot cannot read it", async () => {
    const ciphertext = { algorithm: "m.megolm.v1.aes-sha2", sender_key: "k", session_id: "unknown-session", ciphertext: "AwgAEnAk", device_id: "NOPE" };
    // The spammer is banned by now: another member sends it.
    const { event_id } = await c.members[2]!.client.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(c.defaultRoom.roomId)}/send/m.room.encrypted/enc-${Date.now()}`, ciphertext);
    await report(reporter, c.defaultRoom.roomId, event_id, "hidden spam");
    const id = (await idOf(event_id, modToken))!;
    const detail = (await dash.api("GET", `/api/reports/${id}`, { token: modToken })).body;
    expect(detail.event).toMatchObject({ kind: "encrypted", why: expect.any(String) });
    expect(detail.event.why.length).toBeGreaterThan(10);
  });
});

describe("the reports inbox without admin rights", () => {
  let dash: TestDashboard;
  afterAll(() => dash?.close());

  it("says the bot must be a server admin, and why", async () => {
    const c = await seedCommunity(hs, { botIsAdmin: false, moderators: 1, members: 1, extraRooms: 0 });
    dash = await startDashboard(c);
    const token = await signIn(dash, c.moderators[0]!);
    const inbox = await dash.api("GET", "/api/reports", { token });
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatchObject({ available: false, reason: expect.stringContaining("server admin"), fix: expect.stringContaining("doctor") });
    const plan = await dash.api("POST", "/api/actions/reports.dismiss/plan", { token, body: { reportId: 1 } });
    expect(plan.status).toBe(403);
    expect(plan.body.error.message).toContain("server admin");
  });
});
