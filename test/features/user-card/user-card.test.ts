import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { waitForJob } from "../../helpers/jobs.ts";
import { command } from "../../helpers/commands.ts";

const hs = inject("synapse");

describe("the user card against Synapse", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 2, extraRooms: 2 });
    dash = await startDashboard(c, { REPORTS_POLL_SECONDS: "0" });
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("shows one person across the community: rooms and levels, pending invites, reports by and against them, audit entries", async () => {
    const [alice, bob] = [c.members[0]!, c.members[1]!];
    // Alice leaves one group room and is invited back (a pending invite), gets level 20 in General, and reports Bob.
    await alice.client.leave(c.rooms[0]!.roomId);
    const invite = await dash.api("POST", "/api/actions/rooms.invite/apply", { token, body: { users: [alice.userId], rooms: [c.rooms[0]!.roomId] } });
    await waitForJob(dash.api, token, invite.body.result.jobId, (j) => j.state === "done");
    expect((await dash.api("POST", "/api/actions/rooms.set-power-level/apply", { token, body: { room: c.defaultRoom.roomId, user: alice.userId, level: 20 } })).status).toBe(200);
    const rude = await bob.client.send(c.defaultRoom.roomId, "rude words");
    await alice.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(c.defaultRoom.roomId)}/report/${encodeURIComponent(rude)}`, { reason: "rude" });

    const res = await dash.api("GET", `/api/users/${encodeURIComponent(alice.userId)}`, { token });
    expect(res.status, res.text).toBe(200);
    const card = res.body;
    expect(card).toMatchObject({ userId: alice.userId, displayName: "Member 1", moderatorRoom: { membership: null, powerLevel: 0 }, authentik: { configured: false } });
    const byRoom = Object.fromEntries(card.rooms.map((r: any) => [r.roomId, r]));
    expect(byRoom[c.defaultRoom.roomId]).toMatchObject({ membership: "join", powerLevel: 20, name: "General" });
    expect(byRoom[c.rooms[0]!.roomId]).toMatchObject({ membership: "invite" });
    expect(byRoom[c.rooms[1]!.roomId]).toMatchObject({ membership: "join" });
    expect(byRoom[c.moderatorRoom.roomId]).toBeUndefined();
    expect(card.pendingInvites).toEqual([c.rooms[0]!.roomId]);
    expect(card.roomsChecked).toBe(3);
    expect(card.reports.available).toBe(true);
    expect(card.reports.by.map((r: any) => r.eventId)).toEqual([rude]);
    expect(card.reports.against).toEqual([]);
    expect(card.audit.map((e: any) => e.action)).toEqual(["rooms.set-power-level", "rooms.invite"]);
    // The ban-list feature is installed and no list matches her.
    expect(card.banListMatches).toEqual([]);

    const bobCard = (await dash.api("GET", `/api/users/${encodeURIComponent(bob.userId)}`, { token })).body;
    expect(bobCard.reports.against.map((r: any) => r.reason)).toEqual(["rude"]);
  });

  it("answers `!dash user @someone` in the moderator room", async () => {
    const alice = c.members[0]!;
    const { reply } = await command(c.moderators[0]!.client, c.moderatorRoom.roomId, `!dash user ${alice.userId}`, c.bot.userId);
    expect(reply.body).toContain(`Member 1 (${alice.userId})`);
    expect(reply.body).toContain("General**: join, level 20");
    expect(reply.body).toContain("invited to 1 more");
    expect(reply.body).toContain("rooms.set-power-level");
  });

  it("refuses a malformed user ID with a 400 naming it", async () => {
    const res = await dash.api("GET", "/api/users/not-a-user", { token });
    expect(res.status).toBe(400);
  });
});
