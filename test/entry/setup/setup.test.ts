import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parse } from "dotenv";
import { person, type Person } from "../../synapse/community.ts";
import { TestClient } from "../../synapse/client.ts";
import { runCli } from "../../helpers/run-cli.ts";
import { startWellKnownServer } from "./well-known-server.ts";
import { DASHBOARD_WIDGET_ID } from "../../../shared/widget-install.ts";

const hs = inject("synapse");

describe("npm run setup, without a terminal", () => {
  const tag = `s${randomBytes(3).toString("hex")}`;
  const botPassword = randomBytes(12).toString("hex");
  const roomAlias = `#${tag}-moderators:${hs.serverName}`;
  const cwd = mkdtempSync(path.join(os.tmpdir(), "dash-setup-"));
  const envFile = path.join(cwd, ".env");
  let wellKnown: Awaited<ReturnType<typeof startWellKnownServer>>;
  let moderators: Person[];
  let args: string[];
  const env = { DASHBOARD_REGISTRATION_SHARED_SECRET: hs.sharedSecret, DASHBOARD_BOT_PASSWORD: botPassword };

  beforeAll(async () => {
    wellKnown = await startWellKnownServer(hs.baseUrl);
    moderators = await Promise.all([person(hs, `${tag}-alice`), person(hs, `${tag}-bob`)]);
    args = [
      "--homeserver", wellKnown.url,
      "--bot-user", `${tag}-bot`,
      "--register", "--bot-admin",
      "--moderator-room", roomAlias,
      ...moderators.flatMap((m) => ["--moderator", m.userId]),
      "--moderator-level", "50",
      "--public-url", "https://dashboard.example.org",
      "--install-widget",
    ];
    writeFileSync(envFile, "# my notes about this deployment\nLOG_LEVEL=warn\nALLOWED_CLIENT_ORIGINS=https://chat.example.org\n");
  });
  afterAll(() => wellKnown?.close());

  const envValues = () => parse(readFileSync(envFile));
  const botClient = () => new TestClient(hs.baseUrl, envValues().MATRIX_ACCESS_TOKEN!, envValues().MATRIX_USER_ID!);

  it("sets everything up from zero: bot, moderator room, widget, .env (0600), doctor green", async () => {
    const res = await runCli("server/entry/setup/cli.ts", args, { env, cwd });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Homeserver: ${hs.baseUrl} (from ${wellKnown.url}'s .well-known/matrix/client)`);
    expect(res.stdout).toContain(`Registered the bot account ${tag}-bot (server admin)`);
    expect(res.stdout).toContain("All required checks passed.");
    expect(res.stdout).not.toContain(botPassword);

    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const values = envValues();
    expect(values).toMatchObject({
      MATRIX_HOMESERVER: hs.baseUrl,
      MATRIX_USER_ID: `@${tag}-bot:${hs.serverName}`,
      MATRIX_MODERATOR_ROOM: roomAlias,
      MODERATOR_POWER_LEVEL: "50",
      PUBLIC_URL: "https://dashboard.example.org",
      LOG_LEVEL: "warn",
      ALLOWED_CLIENT_ORIGINS: "https://chat.example.org",
    });
    expect(Date.now() - Date.parse(values.MATRIX_ACCESS_TOKEN_ISSUED_AT!)).toBeLessThan(120_000);
    expect(readFileSync(envFile, "utf8")).toMatch(/^# my notes about this deployment\n/);
    expect(readFileSync(envFile, "utf8")).not.toContain(botPassword);

    const bot = botClient();
    const { devices } = await bot.request("GET", "/_matrix/client/v3/devices");
    expect(devices.map((d: { display_name: string }) => d.display_name)).toEqual(["Community Dashboard bot"]);
    const roomId = await bot.resolveAlias(roomAlias);
    const power = await bot.state(roomId, "m.room.power_levels");
    for (const m of moderators) expect(power.users[m.userId]).toBe(50);
    for (const m of moderators) {
      const member = await bot.state(roomId, "m.room.member", m.userId);
      expect(member.membership).toBe("invite");
    }
    const widget = await bot.state(roomId, "im.vector.modular.widgets", DASHBOARD_WIDGET_ID);
    expect(widget.url).toContain("https://dashboard.example.org/widget/#/?widgetId=$matrix_widget_id");
  });

  it("changes nothing when run again: same token and device, no new room event, same .env", async () => {
    const bot = botClient();
    const roomId = await bot.resolveAlias(roomAlias);
    await moderators[0]!.client.join(roomId);
    const before = { env: readFileSync(envFile, "utf8"), last: (await bot.messages(roomId, 1))[0]!.event_id };

    const res = await runCli("server/entry/setup/cli.ts", args, { env, cwd });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Kept the bot's token");
    expect(res.stdout).toContain("Widget: already installed and pinned.");
    expect(res.stdout).not.toContain("Invited");
    expect(readFileSync(envFile, "utf8")).toBe(before.env);
    expect((await bot.messages(roomId, 1))[0]!.event_id).toBe(before.last);
    expect(await bot.resolveAlias(roomAlias)).toBe(roomId);
    const names = await Promise.all((await bot.joinedRooms()).map((id) => bot.state(id, "m.room.name").then((n) => n.name, () => undefined)));
    expect(names.filter((name) => name === "Moderators")).toHaveLength(1);
    const { devices } = await bot.request("GET", "/_matrix/client/v3/devices");
    expect(devices).toHaveLength(1);
  });
});

describe("npm run setup refusals", () => {
  const cwd = () => mkdtempSync(path.join(os.tmpdir(), "dash-setup-no-"));

  it("says the password is wrong", async () => {
    const someone = await person(hs, `s${randomBytes(3).toString("hex")}-bot`);
    const res = await runCli("server/entry/setup/cli.ts", ["--homeserver", hs.baseUrl, "--bot-user", someone.localpart, "--no-install-widget"], {
      env: { DASHBOARD_BOT_PASSWORD: "not-the-password" },
      cwd: cwd(),
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("wrong password, or no such account");
    expect(res.stderr).toContain("Fix: Check the bot account's name and password");
  });

  it("says an unknown server name does not resolve", async () => {
    const res = await runCli("server/entry/setup/cli.ts", ["--homeserver", "no-such-server.invalid", "--bot-user", "bot"], { env: {}, cwd: cwd() });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("The server name no-such-server.invalid is unknown");
    expect(res.stderr).toContain("Check the spelling");
  });

  it("says a server without .well-known is not a homeserver and how to fix it", async () => {
    const bare = await startWellKnownServer(undefined);
    try {
      const res = await runCli("server/entry/setup/cli.ts", ["--homeserver", bare.url, "--bot-user", "bot"], { env: {}, cwd: cwd() });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`${bare.url} has no .well-known/matrix/client`);
      expect(res.stderr).toContain("answered HTTP 404");
      expect(res.stderr).toContain("Give the homeserver URL directly");
    } finally {
      await bare.close();
    }
  });

  it("asks for the flags it needs instead of prompting without a terminal", async () => {
    const res = await runCli("server/entry/setup/cli.ts", [], { env: {}, cwd: cwd() });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("Missing --homeserver and --bot-user");
  });
});
