import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomBytes } from "node:crypto";
import type { Community } from "../../synapse/community.ts";
import type { TestDashboard } from "../../helpers/dashboard.ts";
import type { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";
import { authentikCommunity, type AuthentikCommunity } from "../../helpers/authentik-community.ts";
import { accountOf, membershipIn, mxid, plan, planAndApply } from "../sync/helpers.ts";

const hs = inject("synapse");

describe("onboarding from Authentik", () => {
  let community: AuthentikCommunity;
  let c: Community;
  let fake: FakeAuthentik;
  let dash: TestDashboard;
  let token: string;

  beforeAll(async () => {
    const tag = `c${randomBytes(3).toString("hex")}`;
    const people = [
      { username: "liam", name: "Liam", attributes: { team: "blue" } },
      { username: "mona", name: "Mona", attributes: { matrix_id: `@${tag}-mona-chosen:${hs.serverName}`, team: "red" } },
    ];
    community = await authentikCommunity(hs, { community: { tag }, people, env: { AUTHENTIK_WRITE_BACK: "true" } });
    ({ c, fake, dash, token } = community);
  });
  afterAll(() => community?.stop());

  it("previews and saves the welcome template", async () => {
    const body = { template: "Hello {displayName} ({userId}), welcome aboard!" };
    const preview = await dash.api("POST", "/api/actions/sync.set-welcome-template/plan", { token, body });
    expect(preview.body.plan.preview).toBe(`Hello Alice Example (@alice:${c.hs.serverName}), welcome aboard!`);
    expect((await dash.api("POST", "/api/actions/sync.set-welcome-template/apply", { token, body })).status).toBe(200);
    expect((await dash.api("GET", "/api/sync/status", { token })).body.welcomeTemplate).toBe(body.template);
  });

  it("onboards one person a moderator picks, and writes the Matrix ID back into their attributes", async () => {
    const p = await plan(dash, token, { users: ["liam"] });
    expect(p.scope).toBe("users");
    expect(p.changes.map((ch: any) => ch.kind)).toEqual(["create-account", "write-back", "invite", "welcome"]);
    await planAndApply(dash, token, { users: ["liam"] });
    expect(fake.user("liam").attributes).toEqual({ team: "blue", matrix_id: mxid(c, "liam") });
    expect(await accountOf(c, mxid(c, "mona-chosen"))).toBeNull();
    const welcome = (await c.bot.client.messages(c.defaultRoom.roomId)).find((e) => e.type === "m.room.message" && e.sender === c.bot.userId);
    expect(welcome!.content.body).toBe(`Hello Liam (${mxid(c, "liam")}), welcome aboard!`);
  });

  it("uses the Matrix ID an attribute gives, and then has nothing left to do", async () => {
    const p = await plan(dash, token);
    expect(p.changes.map((ch: any) => ch.id)).toEqual([
      `create-account ${mxid(c, "mona-chosen")}`,
      `invite ${c.defaultRoom.roomId} ${mxid(c, "mona-chosen")}`,
      `welcome ${mxid(c, "mona-chosen")}`,
    ]);
    await planAndApply(dash, token);
    expect(await membershipIn(c, c.defaultRoom.roomId, mxid(c, "mona-chosen"))).toBe("invite");
    expect(fake.user("mona").attributes).toEqual({ matrix_id: mxid(c, "mona-chosen"), team: "red" });
    expect((await plan(dash, token)).changes).toEqual([]);
  });

  it("keeps the Authentik token out of the logs", () => {
    expect(dash.ctx.scrubber.scrub(`Bearer ${fake.token}`)).toBe("Bearer [redacted]");
    expect(dash.logLines.join("\n")).not.toContain(fake.token);
  });
});
