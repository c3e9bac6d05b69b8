import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedCommunity, communityEnv, type Community } from "../../synapse/community.ts";
import { startServerProcess, type ServerProcess, signInTo } from "../../helpers/server-process.ts";

const hs = inject("synapse");

describe("the server process", () => {
  let c: Community;
  let server: ServerProcess;

  beforeAll(async () => {
    c = await seedCommunity(hs, { members: 0, extraRooms: 0 });
    server = await startServerProcess(
      communityEnv(c, { PORT: "0", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dash-proc-")), LOG_LEVEL: "info" }),
    );
  });
  afterAll(() => server?.stop());

  it("starts without the native E2EE binding and says so in /api/health", async () => {
    const token = await signInTo(server, c.moderators[0]!);
    const res = await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.capabilities.e2ee).toBe(false);
    const e2ee = report.checks.find((c: { id: string }) => c.id === "e2ee");
    expect(e2ee.status).toBe("warn");
    expect(e2ee.cause).toContain("binding is not installed");
    expect(report.ok).toBe(true);
  });

  it("sends a CSP that lets only the configured client origins frame it, and no X-Frame-Options", async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'self' https://app.element.io");
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers unknown API routes with the JSON error shape", async () => {
    const res = await fetch(`${server.url}/api/nope`);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.code).toBe("not_found");
  });

  it("keeps the bot token out of its output", () => {
    expect(server.output()).toContain("dashboard listening");
    expect(server.output()).not.toContain(c.bot.accessToken);
  });
});
