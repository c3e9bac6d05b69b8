import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../server/kernel/config/config.ts";
import { problemsOf } from "../../helpers/config-problems.ts";

const base = {
  MATRIX_HOMESERVER: "https://matrix.example.org",
  MATRIX_ACCESS_TOKEN: "syt_Ym90_abcdefghijklmnop_123456",
  MATRIX_USER_ID: "@dashboard-bot:example.org",
  MATRIX_MODERATOR_ROOM: "#moderators:example.org",
};

describe("Authentik settings", () => {
  it("leave the sync off when absent, or empty as in .env.example", () => {
    expect(loadConfig(base).authentik).toBeUndefined();
    expect(loadConfig({ ...base, AUTHENTIK_URL: "", AUTHENTIK_TOKEN: "", AUTHENTIK_MODERATOR_GROUP: "", AUTHENTIK_WEBHOOK_SECRET: "" }).authentik).toBeUndefined();
  });

  it("fill safe defaults when URL and token are set", () => {
    const { authentik } = loadConfig({ ...base, AUTHENTIK_URL: "https://auth.example.org/", AUTHENTIK_TOKEN: "0123456789abcdef0123" });
    expect(authentik).toEqual({
      url: "https://auth.example.org",
      token: "0123456789abcdef0123",
      pageSize: 100,
      timeoutMs: 15_000,
      fetchConcurrency: 6,
      matrixIdAttribute: "matrix_id",
      localpartTemplate: "{username}",
      subjectMode: "hashed_user_id",
      synapseAuthProvider: "oidc-authentik",
      writeBack: false,
      moderatorGroup: undefined,
      groupRemovalPolicy: "none",
      deactivationPolicy: "none",
      autoApply: true,
      autoApplyMaxChanges: 50,
      autoApplyMaxDeactivations: 0,
      syncIntervalMinutes: 15,
      fullScanHours: 24,
      webhookSecret: undefined,
      scimToken: undefined,
    });
  });

  it("turn the SCIM receiver on with a long enough token, and need URL and token for it", () => {
    const scimToken = "scim-token-0123456789abcdef";
    const withSync = { ...base, AUTHENTIK_URL: "https://auth.example.org", AUTHENTIK_TOKEN: "0123456789abcdef0123" };
    expect(loadConfig({ ...withSync, AUTHENTIK_SCIM_TOKEN: scimToken }).authentik?.scimToken).toBe(scimToken);
    expect(loadConfig({ ...withSync, AUTHENTIK_SCIM_TOKEN: "" }).authentik?.scimToken).toBeUndefined();
    expect(problemsOf({ ...withSync, AUTHENTIK_SCIM_TOKEN: "short" })).toEqual([expect.stringContaining("AUTHENTIK_SCIM_TOKEN must be at least 24 characters")]);
    expect(problemsOf({ ...base, AUTHENTIK_SCIM_TOKEN: scimToken })).toEqual([expect.stringContaining("AUTHENTIK_SCIM_TOKEN is set without AUTHENTIK_URL and AUTHENTIK_TOKEN")]);
  });

  it("report a URL without a token (and the reverse) with the other problems, each with a fix", () => {
    expect(problemsOf({ ...base, AUTHENTIK_URL: "https://auth.example.org" })).toEqual([expect.stringContaining("AUTHENTIK_TOKEN is missing")]);
    const problems = problemsOf({
      ...base,
      AUTHENTIK_TOKEN: "0123456789abcdef0123",
      AUTHENTIK_DEACTIVATION_POLICY: "delete",
      AUTHENTIK_WEBHOOK_SECRET: "short",
      AUTHENTIK_WRITE_BACK: "maybe",
      AUTHENTIK_LOCALPART_TEMPLATE: "static",
    });
    expect(problems).toEqual([
      expect.stringContaining("AUTHENTIK_LOCALPART_TEMPLATE must use {username}"),
      "AUTHENTIK_WRITE_BACK must be true or false (got \"maybe\")",
      "AUTHENTIK_DEACTIVATION_POLICY must be none, remove or deactivate",
      expect.stringContaining("AUTHENTIK_WEBHOOK_SECRET must be at least 24 characters"),
      expect.stringContaining("AUTHENTIK_URL is missing"),
    ]);
  });
});
