import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { seedCommunity, person, type Community, type Person } from "../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../helpers/dashboard.ts";
import { projectRoot } from "../synapse/install.ts";
import { SessionTokens } from "../../server/kernel/authority/sessions.ts";
import { getSetting } from "../../server/kernel/store/settings.ts";

const hs = inject("synapse");
const run = promisify(execFile);

describe("/api/health: liveness for anyone, the doctor report for moderators and read tokens", () => {
  let c: Community;
  let dash: TestDashboard;
  let outsider: Person;
  let admin: string;
  const token = async (scopes: string[]) =>
    (await dash.api("POST", "/api/actions/tokens.create/apply", { token: admin, body: { name: `health-${scopes.join("-")}`, scopes } })).body.result.token as string;
  const revealing = (text: string) => [hs.baseUrl, c.moderatorRoom.roomId, c.bot.userId, "serverAdmin"].filter((s) => text.includes(s));

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    outsider = await person(hs, `${c.tag}-outsider`);
    dash = await startDashboard(c);
    admin = await signIn(dash, c.bot);
  });
  afterAll(() => dash?.close());

  it("answers liveness only without credentials: no homeserver URL, moderator room, bot ID or admin flag", async () => {
    const res = await dash.api("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body.alive).toBe(true);
    expect(res.body.checks).toBeUndefined();
    expect(revealing(res.text)).toEqual([]);
  });

  it("gives the full report to a moderator's session (the widget) and to a read token", async () => {
    for (const credential of [await signIn(dash, c.moderators[0]!), await token(["read"])]) {
      const res = await dash.api("GET", "/api/health", { token: credential });
      expect(res.status, res.text).toBe(200);
      expect(res.body.capabilities).toMatchObject({ serverAdmin: true });
      expect(res.body.checks.find((check: { id: string }) => check.id === "moderator-room").status).toBe("ok");
      expect(revealing(res.text).length).toBeGreaterThan(0);
    }
  });

  it("refuses a sent credential that is wrong, not a moderator's, or lacks the read scope, with no report", async () => {
    const secret = getSetting(dash.ctx.store.db, "session_secret")!;
    const cases: Array<[string, string, number]> = [
      ["garbage", "not-a-token", 401],
      ["forged session", (await new SessionTokens("f".repeat(40)).issue(c.moderators[0]!.userId)).token, 401],
      ["session of a non-moderator", (await new SessionTokens(secret).issue(outsider.userId)).token, 403],
      ["token without the read scope", await token(["rooms"]), 403],
    ];
    for (const [name, credential, status] of cases) {
      const res = await dash.api("GET", "/api/health", { token: credential });
      expect(res.status, name).toBe(status);
      expect(Object.keys(res.body), name).toEqual(["error"]);
      expect(revealing(res.text), name).toEqual([]);
    }
  });

  it("still works for the CLI's `doctor`, which sends its API token", async () => {
    const { stdout } = await run(process.execPath, ["--disable-warning=DEP0060", "server/entry/cli/main.ts", "--json", "doctor"], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, ENV_FILE: "/nonexistent/.env", DASHBOARD_URL: dash.url, DASHBOARD_TOKEN: await token(["read"]) },
    });
    expect(JSON.parse(stdout).checks.find((check: { id: string }) => check.id === "token").status).toBe("ok");
  });
});
