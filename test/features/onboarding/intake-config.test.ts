import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../server/kernel/config/config.ts";

const base = {
  MATRIX_HOMESERVER: "https://matrix.example.org",
  MATRIX_ACCESS_TOKEN: "syt_Ym90_abcdefghijklmnop_123456",
  MATRIX_USER_ID: "@dashboard-bot:example.org",
  MATRIX_MODERATOR_ROOM: "#moderators:example.org",
};

describe("the intake room setting", () => {
  it("is off when empty, and takes INTAKE_ROOM or AUTHENTIK_INTAKE_ROOM", () => {
    expect(loadConfig({ ...base, INTAKE_ROOM: "" }).intakeRoom).toBeUndefined();
    expect(loadConfig({ ...base, INTAKE_ROOM: "#intake:example.org" }).intakeRoom).toBe("#intake:example.org");
    expect(loadConfig({ ...base, AUTHENTIK_INTAKE_ROOM: "!waiting:example.org" }).intakeRoom).toBe("!waiting:example.org");
  });

  it("names a malformed room and two different rooms", () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base, ...env });
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems({ INTAKE_ROOM: "intake" })).toEqual([expect.stringContaining("INTAKE_ROOM must be a room alias")]);
    expect(problems({ INTAKE_ROOM: "#a:example.org", AUTHENTIK_INTAKE_ROOM: "#b:example.org" })).toEqual([expect.stringContaining("set only one of them")]);
  });
});
