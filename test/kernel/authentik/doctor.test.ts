import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authentikChecks } from "../../../server/kernel/authentik/doctor-checks.ts";
import { loadConfig, type AuthentikConfig } from "../../../server/kernel/config/config.ts";
import { FakeAuthentik } from "../../fakes/authentik/fake-authentik.ts";
import { freePort } from "../../synapse/free-port.ts";

function configFor(url: string, token: string): AuthentikConfig {
  const config = loadConfig({
    MATRIX_HOMESERVER: "https://matrix.example.org",
    MATRIX_ACCESS_TOKEN: "syt_bot_token_for_tests",
    MATRIX_USER_ID: "@bot:example.org",
    MATRIX_MODERATOR_ROOM: "#moderators:example.org",
    AUTHENTIK_URL: url,
    AUTHENTIK_TOKEN: token,
  });
  return config.authentik!;
}

const byId = (results: Awaited<ReturnType<typeof authentikChecks>>) => Object.fromEntries(results.map((r) => [r.id, r]));

describe("doctor's Authentik checks", () => {
  let fake: FakeAuthentik;
  beforeAll(async () => {
    fake = await FakeAuthentik.start({ users: 3 });
  });
  afterAll(() => fake.stop());

  it("add nothing when the sync is not configured", async () => {
    expect(await authentikChecks(undefined)).toEqual([]);
  });

  it("pass for a reachable Authentik and a token that may read users", async () => {
    const checks = byId(await authentikChecks(configFor(fake.url, fake.token)));
    expect(checks["authentik-reachable"]!.status).toBe("ok");
    expect(checks["authentik-token"]!.summary).toContain("dashboard-sync");
    expect(checks["authentik-users"]).toMatchObject({ status: "ok", summary: "The token can read users (3 visible)." });
  });

  it("name an invalid token, and a token without permission to read users", async () => {
    const invalid = byId(await authentikChecks(configFor(fake.url, "ak-wrong-token-0123456789")));
    expect(invalid["authentik-token"]).toMatchObject({ status: "fail", cause: expect.stringContaining("Authentik token invalid"), fix: expect.stringContaining("AUTHENTIK_TOKEN") });
    expect(invalid["authentik-users"]!.status).toBe("skipped");
    const limited = byId(await authentikChecks(configFor(fake.url, fake.limitedToken)));
    expect(limited["authentik-token"]!.status).toBe("ok");
    expect(limited["authentik-users"]).toMatchObject({ status: "fail", cause: expect.stringContaining("HTTP 403") });
  });

  it("say when nothing answers at AUTHENTIK_URL", async () => {
    const checks = byId(await authentikChecks(configFor(`http://127.0.0.1:${await freePort()}`, fake.token)));
    expect(checks["authentik-reachable"]).toMatchObject({ status: "fail", cause: expect.stringContaining("ECONNREFUSED") });
    expect(checks["authentik-token"]!.status).toBe("skipped");
  });
});
