import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { seedCommunity, setRateLimitOverride, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { projectRoot } from "../../synapse/install.ts";
import { ANNOUNCEMENT_MARKER } from "../../../server/features/announcements/announce.ts";

const hs = inject("synapse");
const run = promisify(execFile);

describe("the command-line interface", () => {
  let c: Community;
  let dash: TestDashboard;
  let token: string;
  const cli = (...args: string[]) =>
    run(process.execPath, ["--disable-warning=DEP0060", "server/entry/cli/main.ts", ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, ENV_FILE: "/nonexistent/.env", DASHBOARD_URL: dash.url, DASHBOARD_TOKEN: token },
    });

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 1, extraRooms: 2 });
    await setRateLimitOverride(c.bot.client, c.bot.userId, true);
    dash = await startDashboard(c);
    const admin = await signIn(dash, c.bot);
    const created = await dash.api("POST", "/api/actions/tokens.create/apply", {
      token: admin,
      body: { name: "cli", scopes: ["rooms", "announcements", "read"] },
    });
    token = created.body.result.token;
  });
  afterAll(() => dash?.close());

  it("creates a test room with `rooms create --template test`", async () => {
    const { stdout } = await cli("--json", "rooms", "create", "--template", "test");
    const res = JSON.parse(stdout);
    expect(res.result.roomId).toMatch(/^!/);
    expect(await c.bot.client.joinedRooms()).toContain(res.result.roomId);
    const list = await cli("rooms", "list", "--search", "General");
    expect(list.stdout).toContain(c.defaultRoom.roomId);
  });

  it("announces and follows the job to the end", async () => {
    const rooms = c.rooms.map((r) => r.roomId);
    const { stdout, stderr } = await cli("announce", "--pin", "--rooms", ...rooms, "--", "Hello", "from", "the", "CLI");
    expect(stdout).toMatch(/job .*: done, 2 done, 0 failed/);
    expect(stderr).toContain("2/2 done");
    for (const room of rooms) {
      const copies = (await c.bot.client.messages(room, 10)).filter((e) => e.content[ANNOUNCEMENT_MARKER]);
      expect(copies.map((e) => e.content.body)).toEqual(["Hello from the CLI"]);
      expect((await c.bot.client.state(room, "m.room.pinned_events")).pinned).toEqual([copies[0]!.event_id]);
    }
  });

  it("says clearly what is wrong: missing token, unreachable server, refused action", async () => {
    const noToken = await run(process.execPath, ["server/entry/cli/main.ts", "rooms", "list"], { cwd: projectRoot, env: { PATH: process.env.PATH, ENV_FILE: "/nonexistent/.env" } }).catch((e) => e);
    expect(noToken.stderr).toContain("No API token");
    const refused = await cli("action", "moderation.ban", JSON.stringify({ user: c.members[0]!.userId, targets: { kind: "all" } })).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('lacks the "moderation" scope');
  });
});
