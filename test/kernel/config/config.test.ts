import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../server/kernel/config/config.ts";
import { problemsOf } from "../../helpers/config-problems.ts";

const valid = {
  MATRIX_HOMESERVER: "https://matrix.example.org/",
  MATRIX_ACCESS_TOKEN: "syt_Ym90_abcdefghijklmnop_123456",
  MATRIX_USER_ID: "@dashboard-bot:example.org",
  MATRIX_DEFAULT_ROOM_ALIAS: "#general:example.org",
  MATRIX_MODERATOR_ROOM: "#moderators:example.org",
};

describe("configuration", () => {
  it("accepts a complete .env and fills the server defaults", () => {
    const config = loadConfig(valid);
    expect(config.homeserverUrl).toBe("https://matrix.example.org");
    expect(config.moderatorPowerLevel).toBe(50);
    expect(config.port).toBe(8787);
    expect(config.allowedClientOrigins).toEqual(["https://app.element.io"]);
  });

  it("lists every missing variable in one message, each with how to fix it", () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({});
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(4);
    expect(error!.message).toContain("MATRIX_HOMESERVER is missing");
    expect(error!.message).toContain("MATRIX_ACCESS_TOKEN is missing");
    expect(error!.message).toContain("MATRIX_USER_ID is missing");
    expect(error!.message).toContain("MATRIX_MODERATOR_ROOM is missing");
    expect(error!.message).not.toMatch(/at .*\.ts:\d+/);
  });

  it.each([
    ["MATRIX_HOMESERVER", "matrix.example.org", "MATRIX_HOMESERVER must be an http(s) URL"],
    ["MATRIX_HOMESERVER", "ftp://matrix.example.org", "MATRIX_HOMESERVER must be an http(s) URL"],
    ["MATRIX_ACCESS_TOKEN", "abc", "MATRIX_ACCESS_TOKEN looks too short"],
    ["MATRIX_ACCESS_TOKEN", "syt_abc def_ghijkl", "MATRIX_ACCESS_TOKEN contains spaces"],
    ["MATRIX_USER_ID", "dashboard-bot", "MATRIX_USER_ID must be a full Matrix user ID"],
    ["MATRIX_USER_ID", "@Bot:example.org", "MATRIX_USER_ID must be a full Matrix user ID"],
    ["MATRIX_DEFAULT_ROOM_ALIAS", "general", "MATRIX_DEFAULT_ROOM_ALIAS must be a room alias"],
    ["MATRIX_MODERATOR_ROOM", "moderators", "MATRIX_MODERATOR_ROOM must be a room alias"],
    ["MODERATOR_POWER_LEVEL", "fifty", "MODERATOR_POWER_LEVEL must be a whole number from 1 to 100"],
    ["MODERATOR_POWER_LEVEL", "150", "MODERATOR_POWER_LEVEL must be a whole number from 1 to 100"],
    ["PORT", "-1", "PORT must be a whole number"],
    ["ALLOWED_CLIENT_ORIGINS", "https://app.element.io/path", "ALLOWED_CLIENT_ORIGINS entry"],
    ["SESSION_SECRET", "short", "SESSION_SECRET must be at least 32 characters"],
    ["LOG_LEVEL", "loud", "LOG_LEVEL must be one of"],
  ])("rejects %s=%s with its own message", (name, value, message) => {
    const problems = problemsOf({ ...valid, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it("accepts a room ID for the moderator room", () => {
    expect(loadConfig({ ...valid, MATRIX_MODERATOR_ROOM: "!abcDEF:example.org" }).moderatorRoom).toBe("!abcDEF:example.org");
  });
});
