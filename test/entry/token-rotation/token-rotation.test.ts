import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedCommunity, communityEnv, type Community } from "../../synapse/community.ts";
import { login } from "../../synapse/synapse.ts";
import { TestClient } from "../../synapse/client.ts";
import { startServerProcess, type ServerProcess } from "../../helpers/server-process.ts";
import { updateEnvFile } from "../../../server/kernel/config/env-file.ts";
import { eventually } from "../../helpers/eventually.ts";

const hs = inject("synapse");

describe("rotating the bot's token without a restart", () => {
  let c: Community;
  let envFile: string;
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    c = await seedCommunity(hs, { members: 0, extraRooms: 0 });
    const dir = mkdtempSync(path.join(os.tmpdir(), "dash-hup-"));
    envFile = path.join(dir, ".env");
    dataDir = path.join(dir, "data");
    updateEnvFile(envFile, communityEnv(c, { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "info", MODERATOR_NOTICES: "off" }));
    server = await startServerProcess({ ENV_FILE: envFile });
  });
  afterAll(() => server?.stop());

  const api = async (method: string, p: string, body?: unknown, token?: string) => {
    const res = await fetch(server.url + p, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it("keeps working after the old token is revoked and SIGHUP brings the new one", async () => {
    const fresh = await login(hs, c.bot.localpart, c.bot.password, "rotated");
    await c.bot.client.logout();
    updateEnvFile(envFile, { MATRIX_ACCESS_TOKEN: fresh.accessToken });
    server.child.kill("SIGHUP");
    await eventually(() => expect(JSON.parse(readFileSync(path.join(dataDir, "token-reload.json"), "utf8")).ok).toBe(true));

    const session = await api("POST", "/api/session", { openIdToken: await c.moderators[0]!.client.openIdToken() });
    expect(session.status).toBe(200);
    const created = await api("POST", "/api/actions/rooms.create/apply", { template: "test" }, session.body.token);
    expect(created.status).toBe(200);
    const reader = new TestClient(hs.baseUrl, fresh.accessToken, c.bot.userId);
    expect(await reader.joinedRooms()).toContain(created.body.result.roomId);
    expect(server.output()).not.toContain(fresh.accessToken);
  });

  it("also takes up a token written to .env without a signal", async () => {
    const next = await login(hs, c.bot.localpart, c.bot.password, "rotated-again");
    const before = readFileSync(path.join(dataDir, "token-reload.json"), "utf8");
    updateEnvFile(envFile, { MATRIX_ACCESS_TOKEN: next.accessToken });
    await eventually(() => expect(readFileSync(path.join(dataDir, "token-reload.json"), "utf8")).not.toBe(before));
    expect(JSON.parse(readFileSync(path.join(dataDir, "token-reload.json"), "utf8"))).toMatchObject({ ok: true, message: "switched to the new access token from .env" });
  });
});
