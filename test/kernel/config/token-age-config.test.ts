import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../server/kernel/config/config.ts";

const valid = {
  MATRIX_HOMESERVER: "https://matrix.example.org",
  MATRIX_ACCESS_TOKEN: "syt_Ym90_abcdefghijklmnop_123456",
  MATRIX_USER_ID: "@dashboard-bot:example.org",
  MATRIX_MODERATOR_ROOM: "#moderators:example.org",
};

describe("token age settings", () => {
  it("are optional, with a 90-day default", () => {
    const config = loadConfig(valid);
    expect(config.accessTokenIssuedAt).toBeUndefined();
    expect(config.accessTokenMaxAgeDays).toBe(90);
  });

  it("read the issue time written by setup and reject a value that is not a date", () => {
    const config = loadConfig({ ...valid, MATRIX_ACCESS_TOKEN_ISSUED_AT: "2025-03-01T10:00:00.000Z", MATRIX_ACCESS_TOKEN_MAX_AGE_DAYS: "30" });
    expect(config.accessTokenIssuedAt).toBe("2025-03-01T10:00:00.000Z");
    expect(config.accessTokenMaxAgeDays).toBe(30);
    expect(() => loadConfig({ ...valid, MATRIX_ACCESS_TOKEN_ISSUED_AT: "last week" })).toThrow(ConfigError);
  });
});
