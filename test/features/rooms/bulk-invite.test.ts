import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedCommunity, person, type Community, type Person } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { waitForJob as waitForJobVia } from "../../helpers/jobs.ts";

const hs = inject("synapse");

const waitForJob = (dash: TestDashboard, token: string, jobId: string, until: (job: any) => boolean) =>
  waitForJobVia(dash.api, token, jobId, until);

describe("bulk invite as a background job", () => {
  let c: Community;
  let newcomers: Person[];
  let rooms: string[];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dash-invite-"));
  let dash: TestDashboard;
  let token: string;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 1, extraRooms: 3 });
    newcomers = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => person(hs, `${c.tag}-new${i}`)));
    rooms = c.rooms.map((r) => r.roomId);
    dash = await startDashboard(c, { DATA_DIR: dataDir });
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("plans the invites, skipping people already there, completing @name with this server and saying why each bad line is bad", async () => {
    const short = newcomers[1]!.userId.split(":")[0]!;
    const res = await dash.api("POST", "/api/actions/rooms.invite/plan", {
      token,
      body: { rooms, users: [newcomers[0]!.userId, c.members[0]!.userId, "not-an-id", "@Alice", `@ghost-${c.tag}:${hs.serverName}`, short] },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.plan.invites).toHaveLength(6);
    expect(res.body.plan.invites.map((i: any) => i.user)).toContain(newcomers[1]!.userId);
    expect(res.body.plan.completed).toEqual([{ input: short, userId: newcomers[1]!.userId }]);
    expect(res.body.plan.alreadyThere).toHaveLength(3);
    expect(res.body.plan.invalid).toEqual(["not-an-id", "@Alice"]);
    expect(res.body.plan.rejected).toEqual([
      { input: "not-an-id", problem: "not-user" },
      { input: "@Alice", problem: "bad-localpart" },
    ]);
    expect(res.body.plan.unknown).toEqual([`@ghost-${c.tag}:${hs.serverName}`]);

    // A room the bot cannot read is refused with the homeserver's answer in English and as a code the widget words.
    const missing = `!missing-${c.tag}:${hs.serverName}`;
    const refused = await dash.api("POST", "/api/actions/rooms.invite/plan", { token, body: { rooms: [rooms[0], missing], users: [newcomers[0]!.userId] } });
    expect(refused.status, refused.text).toBe(200);
    expect(refused.body.plan.roomsRefused).toEqual([{ room: missing, reason: expect.any(String), said: expect.objectContaining({ code: expect.stringMatching(/^hs(Forbidden|NotFound)$/) }) }]);
  });

  it("invites everyone once and resumes after a restart", async () => {
    const invitees = newcomers.slice(0, 2);
    const users = invitees.map((n) => n.userId);
    const res = await dash.api("POST", "/api/actions/rooms.invite/apply", { token, body: { rooms, users } });
    expect(res.status, res.text).toBe(200);
    const jobId = res.body.result.jobId;
    expect(res.body.result.invites).toBe(6);

    // Stop the server part way, as a crash or deploy would, then start again on the same data.
    await waitForJob(dash, token, jobId, (job) => job.done >= 2);
    await dash.close();
    dash = await startDashboard(c, { DATA_DIR: dataDir });
    token = await signIn(dash, c.moderators[0]!);
    const job = await waitForJob(dash, token, jobId, (j) => j.state === "done");
    expect(job).toMatchObject({ total: 6, failed: 0 });
    expect(job.done + job.skipped).toBe(6);

    for (const room of rooms) {
      for (const n of invitees) {
        expect((await c.bot.client.state(room, "m.room.member", n.userId)).membership).toBe("invite");
      }
      // Exactly one invite event per person: a resumed job never invites twice.
      const events = await c.moderators[0]!.client.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/messages?dir=b&limit=100`).catch(() => null);
      if (events) {
        const invites = events.chunk.filter((e: any) => e.type === "m.room.member" && e.content.membership === "invite");
        expect(new Set(invites.map((e: any) => e.state_key)).size).toBe(invites.length);
      }
    }
    const newcomer = await newcomers[0]!.client.request("GET", "/_matrix/client/v3/sync?timeout=0");
    expect(Object.keys(newcomer.rooms.invite)).toEqual(expect.arrayContaining(rooms));
  });

  it("waits as Synapse's invite limiter asks, says why, and can be cancelled", async () => {
    const users = newcomers.slice(2).map((n) => n.userId);
    const res = await dash.api("POST", "/api/actions/rooms.invite/apply", { token, body: { rooms, users } });
    expect(res.status, res.text).toBe(200);
    const jobId = res.body.result.jobId;
    const waiting = await waitForJob(dash, token, jobId, (j) => j.state === "waiting");
    expect(waiting.message).toContain("rate limit");
    const cancelled = await dash.api("POST", `/api/jobs/${jobId}/cancel`, { token });
    expect(cancelled.status).toBe(200);
    const final = await waitForJob(dash, token, jobId, (j) => j.state === "cancelled");
    expect(final.done + final.skipped).toBe(12);
    expect(final.skipped).toBeGreaterThan(0);
  });
});
