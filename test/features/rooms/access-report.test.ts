import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, setRateLimitOverride, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { waitForJob } from "../../helpers/jobs.ts";

const hs = inject("synapse");

describe("room access report", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 2, members: 1, extraRooms: 0 });
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    dash = await startDashboard(c);
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("finds drift from the template and the moderator list since the last check, and fixes it in one action", async () => {
    const created = await dash.api("POST", "/api/actions/rooms.create/apply", { token, body: { template: "announcements", name: `News ${c.tag}` } });
    const room = created.body.result.roomId;
    for (const m of c.moderators) await m.client.join(room);
    const first = await dash.api("GET", "/api/rooms/access-report", { token });
    expect(first.body.find((e: any) => e.roomId === room)).toBeUndefined();

    // Someone lowers a moderator, opens posting to everyone, and a moderator leaves.
    const pl = await c.bot.client.state(room, "m.room.power_levels");
    await c.bot.client.sendState(room, "m.room.power_levels", "", { ...pl, events_default: 0, users: { ...pl.users, [c.moderators[0]!.userId]: 10 } });
    await c.moderators[1]!.client.leave(room);

    const report = await dash.api("GET", "/api/rooms/access-report", { token });
    const entry = report.body.find((e: any) => e.roomId === room);
    expect(entry.changedSinceLastCheck).toBe(true);
    expect(entry.template).toBe("announcements");
    expect(entry.changes).toEqual(
      expect.arrayContaining([
        { kind: "raise-moderator", user: c.moderators[0]!.userId, from: 10, to: 50 },
        { kind: "invite-moderator", user: c.moderators[1]!.userId },
        { kind: "restore-setting", setting: "events_default", from: 0, to: 50 },
      ]),
    );
    // The general room predates the dashboard and was seeded with the moderators at 50: no drift there.
    expect(report.body.find((e: any) => e.roomId === c.defaultRoom.roomId)).toBeUndefined();

    const fix = await dash.api("POST", "/api/actions/rooms.fix-access/apply", { token, body: { rooms: [room] } });
    expect(fix.status, fix.text).toBe(200);
    await waitForJob(dash.api, token, fix.body.result.jobId, (j) => j.state === "done" && j.done === 1);
    const fixed = await c.bot.client.state(room, "m.room.power_levels");
    expect(fixed.events_default).toBe(50);
    expect(fixed.users[c.moderators[0]!.userId]).toBe(50);
    expect((await c.bot.client.state(room, "m.room.member", c.moderators[1]!.userId)).membership).toBe("invite");
    const after = await dash.api("GET", "/api/rooms/access-report", { token });
    expect(after.body.find((e: any) => e.roomId === room)?.changes ?? []).toEqual([]);
  });

  it("counts moderators invited to a room just created from a template as invited, in the directory and the access check alike", async () => {
    const created = await dash.api("POST", "/api/actions/rooms.create/apply", { token, body: { template: "community", name: `Fresh ${c.tag}` } });
    expect(created.status, created.text).toBe(200);
    const room = created.body.result.roomId;
    const listed = await dash.api("GET", `/api/rooms?search=${encodeURIComponent(`Fresh ${c.tag}`)}`, { token });
    const coverage = listed.body.rooms[0].moderatorCoverage;
    expect(coverage.missing).toEqual([]);
    expect([...coverage.invited].sort()).toEqual(c.moderators.map((m) => m.userId).sort());
    const missing = await dash.api("GET", "/api/rooms?missingModerators=true&limit=500", { token });
    expect(missing.body.rooms.map((r: any) => r.roomId)).not.toContain(room);
    const report = await dash.api("GET", "/api/rooms/access-report", { token });
    expect(report.body.find((e: any) => e.roomId === room)).toBeUndefined();

    // One leaves: both now name the same moderator as missing.
    await c.moderators[1]!.client.leave(room);
    const after = await dash.api("GET", `/api/rooms?search=${encodeURIComponent(`Fresh ${c.tag}`)}`, { token });
    expect(after.body.rooms[0].moderatorCoverage.missing).toEqual([c.moderators[1]!.userId]);
    const drift = await dash.api("GET", "/api/rooms/access-report", { token });
    expect(drift.body.find((e: any) => e.roomId === room).changes).toContainEqual({ kind: "invite-moderator", user: c.moderators[1]!.userId });
  });
});
