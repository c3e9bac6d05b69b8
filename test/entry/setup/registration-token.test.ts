import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parse } from "dotenv";
import { Synapse } from "../../synapse/synapse.ts";
import { person, type Person } from "../../synapse/community.ts";
import { TestClient } from "../../synapse/client.ts";
import { runCli } from "../../helpers/run-cli.ts";

/** A homeserver where anyone may register, but only with a token: the admin holds no shared secret. */
describe("npm run setup with a registration token", () => {
  const tag = `t${randomBytes(3).toString("hex")}`;
  let synapse: Synapse;
  let admin: Person;
  const cwd = mkdtempSync(path.join(os.tmpdir(), "dash-setup-token-"));
  const envFile = path.join(cwd, ".env");
  let usedToken: string;

  beforeAll(async () => {
    synapse = await Synapse.create({
      extraConfig: { enable_registration: true, enable_registration_without_verification: true, registration_requires_token: true },
    });
    await synapse.start();
    admin = await person(synapse, `${tag}-admin`, { admin: true });
  }, 120_000);
  afterAll(async () => {
    await synapse?.stop();
    synapse?.destroy();
  });

  const newToken = async () => (await admin.client.request("POST", "/_synapse/admin/v1/registration_tokens/new", { uses_allowed: 1 })).token as string;
  const setup = (botUser: string, token: string, ...more: string[]) =>
    runCli("server/entry/setup/cli.ts", ["--homeserver", synapse.baseUrl, "--bot-user", botUser, "--moderator-room", `#${tag}-mods:${synapse.serverName}`, "--no-install-widget", ...more], {
      env: { DASHBOARD_REGISTRATION_TOKEN: token },
      cwd,
    });

  it("registers the bot with the token, names it, signs it in and finishes with doctor green", async () => {
    const token = (usedToken = await newToken());
    const res = await setup(`${tag}-bot`, token);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Registered the bot account ${tag}-bot with the registration token.`);
    expect(res.stdout).toContain("All required checks passed.");
    expect(res.stdout).not.toContain(token);

    const env = parse(readFileSync(envFile));
    expect(env.MATRIX_USER_ID).toBe(`@${tag}-bot:${synapse.serverName}`);
    const bot = new TestClient(synapse.baseUrl, env.MATRIX_ACCESS_TOKEN!, env.MATRIX_USER_ID!);
    expect((await bot.request("GET", `/_matrix/client/v3/profile/${encodeURIComponent(env.MATRIX_USER_ID!)}/displayname`)).displayname).toBe("Community Dashboard");
    const used = await admin.client.request("GET", `/_synapse/admin/v1/registration_tokens/${token}`);
    expect(used.completed).toBe(1);
  });

  it("says a used-up token is not accepted, and how to get another", async () => {
    const res = await setup(`${tag}-second`, usedToken);
    expect(res.code, res.stdout + res.stderr).toBe(1);
    expect(res.stderr, res.stdout).toContain("does not accept this registration token: it is unknown, used up or expired");
    expect(res.stderr).toContain("registration_tokens/new");
  });

  it("refuses --bot-admin with a token, naming the two ways to an admin bot", async () => {
    const res = await setup(`${tag}-third`, await newToken(), "--bot-admin");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("cannot be made a server admin by setup");
    expect(res.stderr).toContain("shared secret");
  });
});
