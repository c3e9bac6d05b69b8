import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Synapse } from "../synapse/synapse.ts";
import { seedCommunity, setRateLimitOverride, type Community } from "../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../helpers/dashboard.ts";
import { waitForJob } from "../helpers/jobs.ts";
import { ANNOUNCEMENT_MARKER } from "../../server/features/announcements/announce.ts";

describe("a homeserver outage during a job", () => {
  // Its own Synapse: stopping the shared one would break the suites running beside this one.
  let synapse: Synapse;
  let c: Community;
  let dash: TestDashboard;

  beforeAll(async () => {
    synapse = await Synapse.create();
    await synapse.start();
    c = await seedCommunity(synapse, { moderators: 1, members: 0, extraRooms: 0 });
    dash = await startDashboard(c);
  });
  afterAll(async () => {
    await dash?.close();
    await synapse?.stop();
    synapse?.destroy();
  });

  it("pauses the job while Synapse is down, says why, and completes it exactly once after the restart", async () => {
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    const rooms: string[] = [];
    for (let i = 0; i < 16; i++) rooms.push(await c.bot.client.createRoom({ preset: "private_chat", name: `Outage ${i}` }));
    // Slow enough to stop Synapse part way: burst 3, then 2 messages a second.
    await c.bot.client.request("POST", `/_synapse/admin/v1/users/${encodeURIComponent(c.bot.userId)}/override_ratelimit`, { messages_per_second: 2, burst_count: 3 });
    const token = await signIn(dash, c.moderators[0]!);
    const res = await dash.api("POST", "/api/actions/announcements.send/apply", { token, body: { markdown: "through an outage", targets: { kind: "rooms", rooms } } });
    expect(res.status, res.text).toBe(200);
    const jobId = res.body.result.jobId;

    await waitForJob(dash.api, token, jobId, (j) => j.done >= 4);
    await synapse.stop();
    // The session check needs the homeserver too, so read the job straight from the runner.
    const deadline = Date.now() + 30_000;
    let waiting = dash.ctx.jobs.get(jobId);
    while (!(waiting.state === "waiting" && /reached|refused/.test(waiting.message ?? "")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      waiting = dash.ctx.jobs.get(jobId);
    }
    expect(waiting.state).toBe("waiting");
    expect(waiting.message).toMatch(/connection refused|cannot be reached/);
    expect(waiting.done).toBeLessThan(16);

    await synapse.start();
    const job = await waitForJob(dash.api, await signIn(dash, c.moderators[0]!), jobId, (j) => j.state === "done", 90_000);
    expect(job).toMatchObject({ done: 16, failed: 0 });
    for (const room of rooms) {
      const copies = (await c.bot.client.messages(room, 50)).filter((e) => e.content[ANNOUNCEMENT_MARKER] === jobId);
      expect(copies).toHaveLength(1);
    }
  }, 150_000);
});
