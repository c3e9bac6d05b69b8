import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SignJWT } from "jose";
import { seedCommunity, type Community } from "../../synapse/community.ts";
import { startDashboard, signIn, type TestDashboard } from "../../helpers/dashboard.ts";
import { SessionTokens } from "../../../server/kernel/authority/sessions.ts";
import { getSetting } from "../../../server/kernel/store/settings.ts";

const hs = inject("synapse");

describe("widget sign-in with an OpenID token", () => {
  let c: Community;
  let dash: TestDashboard;

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 3 });
    dash = await startDashboard(c);
  });
  afterAll(() => dash?.close());

  it("gives a moderator a session that opens the API", async () => {
    const openIdToken = await c.moderators[0]!.client.openIdToken();
    const res = await dash.api("POST", "/api/session", { body: { openIdToken } });
    expect(res.status).toBe(200);
    expect(res.body.userId).toBe(c.moderators[0]!.userId);
    expect(res.body.powerLevel).toBe(50);
    expect(res.body.moderatorRoomId).toBe(c.moderatorRoom.roomId);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const me = await dash.api("GET", "/api/me", { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.userId).toBe(c.moderators[0]!.userId);
  });

  it("refuses a plain member with the reason", async () => {
    const openIdToken = await c.members[0]!.client.openIdToken();
    const res = await dash.api("POST", "/api/session", { body: { openIdToken } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("is not a moderator");
    expect(res.body.error.message).toContain("50 needed");
  });

  it("refuses a token that names another server, without contacting it", async () => {
    const openIdToken = { ...(await c.moderators[0]!.client.openIdToken()), matrix_server_name: "evil.example" };
    const res = await dash.api("POST", "/api/session", { body: { openIdToken } });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain("evil.example");
  });

  it("refuses a made-up OpenID token", async () => {
    const res = await dash.api("POST", "/api/session", {
      body: { openIdToken: { access_token: "made-up-token", matrix_server_name: hs.serverName, token_type: "Bearer", expires_in: 3600 } },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain("invalid or has expired");
  });

  it("answers bad input with 400 naming the field", async () => {
    const missing = await dash.api("POST", "/api/session", { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe("openIdToken");
    const malformed = await dash.api("POST", "/api/session", { raw: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain("not valid JSON");
  });

  it("rejects forged and expired session tokens", async () => {
    const forged = await new SessionTokens("x".repeat(40)).issue(c.moderators[0]!.userId);
    expect((await dash.api("GET", "/api/me", { token: forged.token })).status).toBe(401);
    const secret = getSetting(dash.ctx.store.db, "session_secret")!;
    const expired = await new SessionTokens(secret).issue(c.moderators[0]!.userId, Date.now() - 60 * 60_000);
    const res = await dash.api("GET", "/api/me", { token: expired.token });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain("expired");
    const noneAlg = await new SignJWT({ kind: "session" }).setProtectedHeader({ alg: "HS512" }).setSubject(c.moderators[0]!.userId).sign(new TextEncoder().encode(secret));
    expect((await dash.api("GET", "/api/me", { token: noneAlg })).status).toBe(401);
    expect((await dash.api("GET", "/api/me")).status).toBe(401);
  });

  it("takes access away from a demoted moderator at the next request", async () => {
    const demoted = c.moderators[2]!;
    const token = await signIn(dash, demoted);
    expect((await dash.api("GET", "/api/me", { token })).status).toBe(200);
    await c.bot.client.setPowerLevel(c.moderatorRoom.roomId, demoted.userId, 0);
    const res = await dash.api("GET", "/api/me", { token });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("is not a moderator");
  });

  it("accepts a moderator of a room-version-12 moderator room by creator power", async () => {
    // The bot created the moderator room: in v12 that makes it a creator with unlimited power.
    const openIdToken = await c.bot.client.openIdToken();
    const res = await dash.api("POST", "/api/session", { body: { openIdToken } });
    expect(res.status).toBe(200);
    expect(res.body.powerLevel).toBe(101);
  });

  it("never puts the bot token or the session secret in a response or a log line", async () => {
    const secret = getSetting(dash.ctx.store.db, "session_secret")!;
    const health = await dash.api("GET", "/api/health", { token: await signIn(dash, c.moderators[0]!) });
    expect(health.body.checks.length).toBeGreaterThan(3);
    expect(health.text).not.toContain(c.bot.accessToken);
    const joined = dash.logLines.join("\n");
    expect(joined.length).toBeGreaterThan(0);
    expect(joined).not.toContain(c.bot.accessToken);
    expect(joined).not.toContain(secret);
  });
});
