import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedCommunity, setRateLimitOverride, communityEnv, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { startServerProcess, type ServerProcess } from "../../helpers/server-process.ts";
import { waitForJob, collectProgress } from "../../helpers/jobs.ts";
import { ANNOUNCEMENT_MARKER } from "../../../server/features/announcements/announce.ts";
import type { TestClient } from "../../synapse/client.ts";

const hs = inject("synapse");

/**
 * Synapse's limiter stays on for the bot, only tighter in time than the default (0.2/s) so a
 * 30-room run takes seconds, not minutes: burst 5, then 2 messages a second.
 */
async function limitBot(c: Community): Promise<void> {
  await c.bot.client.request("POST", `/_synapse/admin/v1/users/${encodeURIComponent(c.bot.userId)}/override_ratelimit`, {
    messages_per_second: 2,
    burst_count: 5,
  });
}

async function makeRooms(c: Community, n: number, options: { encrypted?: boolean } = {}): Promise<string[]> {
  await setRateLimitOverride(c.bot.client, c.bot.userId, true);
  const rooms = [];
  for (let i = 0; i < n; i++) {
    rooms.push(
      await c.bot.client.createRoom({
        preset: "private_chat",
        name: `Announce ${i}`,
        ...(options.encrypted ? { initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }] } : {}),
      }),
    );
  }
  return rooms;
}

async function copiesIn(reader: TestClient, roomId: string, jobId: string): Promise<number> {
  const events = await reader.messages(roomId, 100);
  return events.filter((e) => e.type === "m.room.message" && e.content[ANNOUNCEMENT_MARKER] === jobId).length;
}

describe("announcements", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  let rooms: string[];

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 1, extraRooms: 0 });
    rooms = await makeRooms(c, 30);
    await limitBot(c);
    dash = await startDashboard(c);
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("reaches 30 rooms exactly once through Synapse's rate limiter, with streamed progress", async () => {
    const markdown = "**Community meeting** on _Friday_: <script>alert(1)</script> [agenda](https://example.org/agenda)";
    const plan = await dash.api("POST", "/api/actions/announcements.send/plan", { token, body: { markdown, targets: { kind: "rooms", rooms } } });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body.plan.count).toBe(30);
    expect(plan.body.plan.message.formatted_body).toContain("<strong>Community meeting</strong>");
    expect(plan.body.plan.message.formatted_body).not.toContain("<script>");

    const refusals = async () => (await dash.ctx.metrics.matrixRateLimited.get()).values[0]?.value ?? 0;
    const refusedBefore = await refusals();
    const res = await dash.api("POST", "/api/actions/announcements.send/apply", { token, body: { markdown, targets: { kind: "rooms", rooms } } });
    expect(res.status, res.text).toBe(200);
    const jobId = res.body.result.jobId;
    const progress = await collectProgress(`${dash.url}/api/jobs/${jobId}/events`, token);
    const last = progress.at(-1);
    expect(last).toMatchObject({ state: "done", total: 30, done: 30, failed: 0 });
    expect(progress.some((p) => p.state === "waiting" && p.message.includes("rate limit"))).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));

    // The 24 sends in flight when the burst of 5 runs out are refused together (the limit is unknown
    // until then). After that the learned pace meets the limiter a handful of times, not once for each
    // of the 25 messages past the burst as holding to one at a time did (24 + 25 then; the Pacer's
    // unit test models the limiter).
    expect(await refusals() - refusedBefore).toBeLessThanOrEqual(24 + 8);

    for (const room of rooms) expect(await copiesIn(c.bot.client, room, jobId)).toBe(1);
    const sample = (await c.bot.client.messages(rooms[0]!, 5)).find((e) => e.content[ANNOUNCEMENT_MARKER] === jobId)!;
    expect(sample.content).toMatchObject({ msgtype: "m.text", format: "org.matrix.custom.html", body: markdown });
  }, 120_000);

  it("reports a room where the bot may not post, and goes on with the others", async () => {
    const stranger = c.members[0]!;
    const locked = await stranger.client.createRoom({ preset: "private_chat", name: "Locked", invite: [c.bot.userId], power_level_content_override: { events_default: 50 } });
    await c.bot.client.join(locked);
    const res = await dash.api("POST", "/api/actions/announcements.send/apply", {
      token,
      body: { markdown: "to some", targets: { kind: "rooms", rooms: [rooms[1]!, locked] } },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.plan.skipped).toEqual([{ room: locked, reason: expect.objectContaining({ code: "announcements.skip-may-not-post", text: expect.stringContaining("may not post") }) }]);
    const job = await waitForJob(dash.api, token, res.body.result.jobId, (j) => j.state === "done");
    expect(job).toMatchObject({ done: 1, skipped: 1, failed: 0 });
  });
  it("notifies @room and pins where the bot's level allows it, and says where it does not", async () => {
    const stranger = c.members[0]!;
    // The bot may post here (level 10) but not notify everyone (50) or pin (50).
    const modest = await stranger.client.createRoom({
      preset: "private_chat",
      name: "Modest",
      invite: [c.bot.userId],
      power_level_content_override: { users: { [c.bot.userId]: 10 }, events_default: 0, notifications: { room: 50 }, events: { "m.room.pinned_events": 50 } },
    });
    await c.bot.client.join(modest);
    const body = { markdown: "**All hands** at noon", targets: { kind: "rooms", rooms: [rooms[2]!, modest] }, notifyRoom: true, pin: true };

    const plan = await dash.api("POST", "/api/actions/announcements.send/plan", { token, body });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body.plan.count).toBe(2);
    expect(plan.body.plan.limited).toEqual([
      { room: modest, reason: { code: "announcements.limit-notify", params: { needed: 50, level: 10 }, text: "sent without @room: notifying everyone needs level 50, the bot has 10" } },
      { room: modest, reason: { code: "announcements.limit-pin", params: { needed: 50, level: 10 }, text: "not pinned: pinning needs level 50, the bot has 10" } },
    ]);

    const res = await dash.api("POST", "/api/actions/announcements.send/apply", { token, body });
    expect(res.status, res.text).toBe(200);
    const jobId = res.body.result.jobId;
    expect(await waitForJob(dash.api, token, jobId, (j) => j.state === "done")).toMatchObject({ done: 2, failed: 0 });

    const sentIn = async (room: string) => (await c.bot.client.messages(room, 10)).find((e) => e.content[ANNOUNCEMENT_MARKER] === jobId)!;
    const loud = await sentIn(rooms[2]!);
    expect(loud.content.body).toBe("@room **All hands** at noon");
    expect(loud.content["m.mentions"]).toEqual({ room: true });
    expect((await c.bot.client.state(rooms[2]!, "m.room.pinned_events")).pinned).toContain(loud.event_id);

    const quiet = await sentIn(modest);
    expect(quiet.content.body).toBe("**All hands** at noon");
    expect(quiet.content["m.mentions"]).toEqual({});
    await expect(c.bot.client.state(modest, "m.room.pinned_events")).rejects.toThrow(/404/);
  });
});

describe("announcements with end-to-end encryption off", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    dash = await startDashboard(c, { E2EE: "off" });
    token = await signIn(dash, c.moderators[0]!);
  });
  afterAll(() => dash?.close());

  it("skips and lists encrypted rooms unless plain text is chosen, which the audit records", async () => {
    const encrypted = await makeRooms(c, 2, { encrypted: true });
    await limitBot(c);
    const [plainRoom] = await makeRooms(c, 1);
    await limitBot(c);
    const targets = { kind: "rooms", rooms: [plainRoom!, ...encrypted] };
    const plan = await dash.api("POST", "/api/actions/announcements.send/plan", { token, body: { markdown: "hello", targets } });
    expect(plan.body.plan.count).toBe(1);
    expect(plan.body.plan.skipped.map((s: any) => s.room).sort()).toEqual([...encrypted].sort());
    expect(plan.body.plan.skipped[0].reason).toMatchObject({ code: "announcements.skip-encrypted", text: "encrypted room and end-to-end encryption is off: E2EE=off in the configuration" });

    const plain = await dash.api("POST", "/api/actions/announcements.send/apply", {
      token,
      body: { markdown: "plain hello", targets, plaintextInEncryptedRooms: true },
    });
    expect(plain.body.plan.warnings[0].text).toContain("unencrypted");
    const job = await waitForJob(dash.api, token, plain.body.result.jobId, (j) => j.state === "done");
    expect(job.done).toBe(3);
    for (const room of encrypted) expect(await copiesIn(c.bot.client, room, job.id)).toBe(1);
    const audit = dash.ctx.audit.list({ action: "announcements.send" })[0]!;
    expect(audit.detail).toMatchObject({ result: { plaintextInEncryptedRooms: true } });
  });

});

describe("an announcement interrupted by SIGKILL", () => {
  let c: Community;
  let server: ServerProcess;

  afterAll(() => server?.stop("SIGKILL"));

  it("finishes after a restart with exactly one copy in every room", async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    const rooms = await makeRooms(c, 24);
    await limitBot(c);
    const env = communityEnv(c, { PORT: "0", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dash-kill-")), MODERATOR_NOTICES: "off" });
    server = await startServerProcess(env);
    const api = async (method: string, p: string, o: { token?: string; body?: unknown } = {}) => {
      const res = await fetch(server.url + p, {
        method,
        headers: { "content-type": "application/json", ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
      });
      return { status: res.status, body: await res.json() };
    };
    const session = async () => (await api("POST", "/api/session", { body: { openIdToken: await c.moderators[0]!.client.openIdToken() } })).body.token;
    let token = await session();
    const res = await api("POST", "/api/actions/announcements.send/apply", { token, body: { markdown: "survive a crash", targets: { kind: "rooms", rooms } } });
    const jobId = res.body.result.jobId;

    const half = await waitForJob(api, token, jobId, (j) => j.done >= 8);
    expect(half.done).toBeLessThan(24);
    await server.stop("SIGKILL");

    server = await startServerProcess(env);
    token = await session();
    const job = await waitForJob(api, token, jobId, (j) => j.state === "done");
    expect(job).toMatchObject({ total: 24, done: 24, failed: 0 });
    for (const room of rooms) expect(await copiesIn(c.bot.client, room, jobId)).toBe(1);
  }, 120_000);
});
