import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedCommunity, type Community } from "../../synapse/community.ts";
import { startDashboard, type TestDashboard } from "../../helpers/dashboard.ts";
import { verifyOpenIdToken } from "../../../server/kernel/authority/openid.ts";
import { SignInRateLimit } from "../../../server/entry/http/rate-limit.ts";
import type { OpenIdToken } from "../../../shared/session.ts";

const hs = inject("synapse");

describe("sign-in limits", () => {
  let c: Community;
  let dash: TestDashboard;
  const madeUp = () => ({ access_token: "made-up-token", matrix_server_name: hs.serverName, token_type: "Bearer", expires_in: 3600 });

  beforeAll(async () => {
    c = await seedCommunity(hs, { moderators: 1, members: 0, extraRooms: 0 });
    dash = await startDashboard(c, { SIGN_IN_RATE_LIMIT_PER_MINUTE: "3", SIGN_IN_RATE_LIMIT_TOTAL_PER_MINUTE: "100" });
  });
  afterAll(() => dash?.close());

  it("answers 429 with Retry-After once one address passes its sign-ins a minute, even for a genuine token", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await dash.api("POST", "/api/session", { body: { openIdToken: madeUp() } })).status);
    expect(statuses).toEqual([401, 401, 401]);
    const openIdToken = await c.moderators[0]!.client.openIdToken();
    const res = await fetch(`${dash.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ openIdToken }) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "rate_limited" });
    expect(body.error.message).toContain("sign-in attempts from");
  });

  it("limits all addresses together too, and lets sign-ins through again as the minute passes", () => {
    const limit = new SignInRateLimit({ perAddress: 100, total: 4 });
    const start = Date.now();
    for (let i = 0; i < 4; i++) limit.take(`10.0.0.${i}`, start);
    expect(() => limit.take("10.0.0.99", start)).toThrowError(/from all clients together/);
    let error: unknown;
    try {
      limit.take("10.0.0.98", start);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 15 });
    expect(() => limit.take("10.0.0.98", start + 15_000)).not.toThrow();
  });

  it("refuses a userinfo answer whose user is not of the configured server name", async () => {
    // The dashboard for "other.example" pointed at this homeserver: its users are not other.example's.
    const openIdToken = { ...(await c.moderators[0]!.client.openIdToken()), matrix_server_name: "other.example" } as OpenIdToken;
    const refused = await verifyOpenIdToken(openIdToken, hs.baseUrl, "other.example").catch((err: unknown) => err);
    expect(refused).toMatchObject({ status: 401 });
    expect((refused as Error).message).toBe(`The homeserver vouched for "${c.moderators[0]!.userId}", which is not a user of other.example.`);
    const accepted = await verifyOpenIdToken((await c.moderators[0]!.client.openIdToken()) as OpenIdToken, hs.baseUrl, hs.serverName);
    expect(accepted).toBe(c.moderators[0]!.userId);
  });
});
