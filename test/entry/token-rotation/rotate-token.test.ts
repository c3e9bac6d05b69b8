import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "dotenv";
import { seedCommunity, communityEnv, type Community } from "../../synapse/community.ts";
import { TestClient, MatrixRequestError } from "../../synapse/client.ts";
import { startServerProcess, type ServerProcess } from "../../helpers/server-process.ts";
import { runCli } from "../../helpers/run-cli.ts";
import { updateEnvFile } from "../../../server/kernel/config/env-file.ts";

const hs = inject("synapse");

describe("npm run rotate-token with the server running", () => {
  let c: Community;
  let envFile: string;
  let server: ServerProcess;

  beforeAll(async () => {
    c = await seedCommunity(hs, { members: 0, extraRooms: 0 });
    const dir = mkdtempSync(path.join(os.tmpdir(), "dash-rotate-"));
    envFile = path.join(dir, ".env");
    const values = communityEnv(c, { PORT: "0", DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "info" });
    updateEnvFile(envFile, values);
    server = await startServerProcess({ ENV_FILE: envFile });
  });
  afterAll(() => server?.stop());

  it("swaps the token in .env and in the server, then the old token stops working on Synapse", async () => {
    const oldToken = c.bot.accessToken;
    const res = await runCli("server/entry/token-rotation/cli.ts", [], { env: { ENV_FILE: envFile, DASHBOARD_BOT_PASSWORD: c.bot.password } });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("switched to the new token");
    expect(res.stdout).toContain("Logged the old token out");

    const values = parse(readFileSync(envFile));
    expect(values.MATRIX_ACCESS_TOKEN).not.toBe(oldToken);
    expect(Date.now() - Date.parse(values.MATRIX_ACCESS_TOKEN_ISSUED_AT!)).toBeLessThan(60_000);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);

    const old = await new TestClient(hs.baseUrl, oldToken, c.bot.userId).request("GET", "/_matrix/client/v3/account/whoami").catch((e) => e);
    expect(old).toBeInstanceOf(MatrixRequestError);
    expect(old.status).toBe(401);
    const fresh = new TestClient(hs.baseUrl, values.MATRIX_ACCESS_TOKEN!, c.bot.userId);
    expect((await fresh.request("GET", "/_matrix/client/v3/account/whoami")).user_id).toBe(c.bot.userId);

    // The bot's token is what the server reads power levels with: a moderator's sign-in proves it works.
    const openIdToken = await c.moderators[0]!.client.openIdToken();
    const session = await fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ openIdToken }),
    });
    expect(session.status).toBe(200);
    const health = await (await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${(await session.json()).token}` } })).json();
    expect(health.checks.find((check: { id: string }) => check.id === "token").status).toBe("ok");
    expect(server.output()).toContain("switched to the new access token");
    expect(server.output()).not.toContain(values.MATRIX_ACCESS_TOKEN!);
  });

  it("keeps the old token when the password is wrong", async () => {
    const before = readFileSync(envFile, "utf8");
    const res = await runCli("server/entry/token-rotation/cli.ts", [], { env: { ENV_FILE: envFile, DASHBOARD_BOT_PASSWORD: "wrong" } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("wrong password");
    expect(readFileSync(envFile, "utf8")).toBe(before);
  });
});
