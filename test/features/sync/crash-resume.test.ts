import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedCommunity, communityEnv, setRateLimitOverride, type Community } from "../../synapse/community.ts";
import { startServerProcess, signInTo, type ServerProcess } from "../../helpers/server-process.ts";
import { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";
import { authentikEnv, memberEvents, mxid, waitForJob } from "./helpers.ts";

const hs = inject("synapse");
const PEOPLE = 15;

describe("a sync killed with SIGKILL in the middle of apply", () => {
  let c: Community;
  let fake: FakeAuthentik;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    fake = await FakeAuthentik.start({ users: PEOPLE, usernamePrefix: "p" });
    env = communityEnv(c, { PORT: "0", LOG_LEVEL: "warn", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dash-crash-")), ...authentikEnv(fake, c) });
  });
  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await fake?.stop();
  });

  it("finishes after a restart on the same data, without a second account, invite or welcome", async () => {
    // Synapse's limits stay on for the first process: after a burst of 10 invites and messages the
    // bot waits seconds per item, which leaves the job half done when the process is killed.
    server = await startServerProcess(env);
    let token = await signInTo(server, c.moderators[0]!);
    const applied = await server.api("POST", "/api/actions/sync.accounts/apply", { token, body: {} });
    expect(applied.status, applied.text).toBe(200);
    expect(applied.body.result).toMatchObject({ items: PEOPLE, counts: { "create-account": PEOPLE, invite: PEOPLE, welcome: PEOPLE } });
    const jobId: string = applied.body.result.jobId;
    const partway = await waitForJob(server, token, jobId, (j) => j.done >= 6, 60_000);
    expect(partway.done).toBeLessThan(PEOPLE);
    server.child.kill("SIGKILL");
    await new Promise((r) => server!.child.once("exit", r));

    // The restarted process needs no more proof of waiting: lift the limits so the rest takes seconds.
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    server = await startServerProcess(env);
    token = await signInTo(server, c.moderators[0]!);
    const job = await waitForJob(server, token, jobId, (j) => j.state === "done", 90_000);
    expect(job).toMatchObject({ total: PEOPLE, failed: 0 });
    expect(job.done + job.skipped).toBe(PEOPLE);
    const items = (await server.api("GET", `/api/jobs/${jobId}/items`, { token })).body;
    expect(items.some((i: any) => i.attempts > 1)).toBe(true);

    const accounts = await c.bot.client.request("GET", `/_synapse/admin/v2/users?name=${encodeURIComponent(`${c.tag}-p`)}&limit=100`);
    expect(accounts.users.map((u: any) => u.name).sort()).toEqual(Array.from({ length: PEOPLE }, (_, i) => mxid(c, `p${i + 1}`)).sort());
    const timeline = await c.bot.client.messages(c.defaultRoom.roomId, 1000);
    for (let i = 1; i <= PEOPLE; i++) {
      const userId = mxid(c, `p${i}`);
      expect(await memberEvents(c, c.defaultRoom.roomId, userId, "invite"), userId).toBe(1);
      const welcomes = timeline.filter((e) => e.type === "m.room.message" && e.content["m.mentions"]?.user_ids?.includes(userId));
      expect(welcomes, userId).toHaveLength(1);
    }
    const again = await server.api("POST", "/api/actions/sync.accounts/plan", { token, body: {} });
    expect(again.body.plan.total).toBe(0);
  }, 240_000);
});
