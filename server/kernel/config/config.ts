import { z } from "zod";
import path from "node:path";
import { USER_ID_PATTERN, ROOM_ID_PATTERN, ROOM_ALIAS_PATTERN } from "../../../shared/matrix-ids.ts";
import { parseBridges, type BridgeConfig } from "./bridge-config.ts";

const roomRef = (name: string) =>
  z
    .string({ error: `${name} is missing: set it to a room alias (#moderators:example.org) or room ID (!abc:example.org)` })
    .trim()
    .refine((v) => ROOM_ID_PATTERN.test(v) || ROOM_ALIAS_PATTERN.test(v), {
      message: `${name} must be a room alias such as #moderators:example.org or a room ID such as !abc:example.org`,
    });

const httpUrl = (name: string, example: string) =>
  z
    .string({ error: `${name} is missing: set it to the URL, for example ${example}` })
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), {
      message: `${name} must be an http(s) URL such as ${example}`,
    })
    .transform((v) => v.replace(/\/+$/, ""));

const optionalNumber = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${min} to ${max} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

const flag = (name: string, fallback: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (/^(true|yes|1|on)$/i.test(v)) return true;
      if (/^(false|no|0|off)$/i.test(v)) return false;
      ctx.addIssue({ code: "custom", message: `${name} must be true or false (got "${v}")` });
      return z.NEVER;
    });

const EnvSchema = z.object({
  MATRIX_HOMESERVER: httpUrl("MATRIX_HOMESERVER", "https://matrix.example.org"),
  MATRIX_ACCESS_TOKEN: z
    .string({ error: "MATRIX_ACCESS_TOKEN is missing: run `npm run setup` or paste the bot account's access token" })
    .trim()
    .min(8, { message: "MATRIX_ACCESS_TOKEN looks too short to be an access token: copy the whole token" })
    .refine((v) => !/\s/.test(v), { message: "MATRIX_ACCESS_TOKEN contains spaces: copy the token without quotes or spaces" }),
  MATRIX_USER_ID: z
    .string({ error: "MATRIX_USER_ID is missing: set it to the bot account, for example @dashboard-bot:example.org" })
    .trim()
    .regex(USER_ID_PATTERN, { message: "MATRIX_USER_ID must be a full Matrix user ID such as @dashboard-bot:example.org" }),
  MATRIX_ACCESS_TOKEN_ISSUED_AT: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || !Number.isNaN(Date.parse(v)), {
      message: "MATRIX_ACCESS_TOKEN_ISSUED_AT must be a date and time such as 2025-01-31T12:00:00Z (setup and rotate-token write it)",
    })
    .transform((v) => (v ? new Date(v).toISOString() : undefined)),
  MATRIX_ACCESS_TOKEN_MAX_AGE_DAYS: optionalNumber("MATRIX_ACCESS_TOKEN_MAX_AGE_DAYS", 90, 1, 3650),
  MATRIX_DEFAULT_ROOM_ALIAS: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === "" || ROOM_ALIAS_PATTERN.test(v), {
      message: "MATRIX_DEFAULT_ROOM_ALIAS must be a room alias such as #general:example.org",
    })
    .transform((v) => (v ? v : undefined)),
  MATRIX_MODERATOR_ROOM: roomRef("MATRIX_MODERATOR_ROOM"),
  INTAKE_ROOM: z.preprocess((v) => (v === "" ? undefined : v), roomRef("INTAKE_ROOM").optional()),
  AUTHENTIK_INTAKE_ROOM: z.preprocess((v) => (v === "" ? undefined : v), roomRef("AUTHENTIK_INTAKE_ROOM").optional()),
  MODERATOR_POWER_LEVEL: optionalNumber("MODERATOR_POWER_LEVEL", 50, 1, 100),
  ADMIN_POWER_LEVEL: optionalNumber("ADMIN_POWER_LEVEL", 100, 1, 100),
  PORT: optionalNumber("PORT", 8787, 0, 65535),
  METRICS_TOKEN: z
    .string()
    .optional()
    .refine((v) => !v || v.length >= 16, { message: "METRICS_TOKEN must be at least 16 characters (or empty for open /metrics)" })
    .transform((v) => (v ? v : undefined)),
  API_RATE_LIMIT_PER_MINUTE: optionalNumber("API_RATE_LIMIT_PER_MINUTE", 600, 10, 100_000),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: optionalNumber("SIGN_IN_RATE_LIMIT_PER_MINUTE", 20, 1, 10_000),
  SIGN_IN_RATE_LIMIT_TOTAL_PER_MINUTE: optionalNumber("SIGN_IN_RATE_LIMIT_TOTAL_PER_MINUTE", 120, 1, 100_000),
  HOST: z.string().trim().optional().transform((v) => v || "127.0.0.1"),
  PUBLIC_URL: httpUrl("PUBLIC_URL", "https://dashboard.example.org").optional(),
  DATA_DIR: z.string().trim().optional().transform((v) => path.resolve(v || "data")),
  ALLOWED_CLIENT_ORIGINS: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const origins = (v || "https://app.element.io").split(",").map((o) => o.trim()).filter(Boolean);
      for (const o of origins) {
        if (!URL.canParse(o) || new URL(o).origin !== o.replace(/\/$/, "")) {
          ctx.addIssue({
            code: "custom",
            message: `ALLOWED_CLIENT_ORIGINS entry "${o}" must be an origin such as https://app.element.io (scheme and host, no path)`,
          });
        }
      }
      return origins.map((o) => o.replace(/\/$/, ""));
    }),
  SESSION_SECRET: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || v.length >= 32, {
      message: "SESSION_SECRET must be at least 32 characters (or leave it empty to let the server generate one)",
    })
    .transform((v) => (v ? v : undefined)),
  MODERATOR_NOTICES: z
    .enum(["on", "off"], { error: "MODERATOR_NOTICES must be on or off" })
    .optional()
    .default("on"),
  E2EE: z
    .enum(["on", "off"], { error: "E2EE must be on or off" })
    .optional()
    .default("on"),
  COMMAND_PREFIX: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === "" || /^\S{1,20}$/.test(v), {
      message: "COMMAND_PREFIX must be one word without spaces, at most 20 characters (for example !dash)",
    })
    .transform((v) => v || "!dash"),
  COMMAND_CONFIRM_SECONDS: optionalNumber("COMMAND_CONFIRM_SECONDS", 300, 1, 86_400),
  REPORTS_POLL_SECONDS: optionalNumber("REPORTS_POLL_SECONDS", 60, 0, 86_400),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    error: "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
  }).optional().default("info"),
});

/** Authentik account sync (optional): absent URL and token leave the feature off. */
const AuthentikEnv = z.object({
  // Empty, as in .env.example, means "not set".
  AUTHENTIK_URL: z.preprocess((v) => (v === "" ? undefined : v), httpUrl("AUTHENTIK_URL", "https://auth.example.org").optional()),
  AUTHENTIK_TOKEN: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || (v.length >= 16 && !/\s/.test(v)), {
      message: "AUTHENTIK_TOKEN must be an Authentik API token (Directory → Tokens and App passwords), without spaces",
    }),
  AUTHENTIK_PAGE_SIZE: optionalNumber("AUTHENTIK_PAGE_SIZE", 100, 10, 500),
  AUTHENTIK_TIMEOUT_MS: optionalNumber("AUTHENTIK_TIMEOUT_MS", 15_000, 100, 300_000),
  AUTHENTIK_FETCH_CONCURRENCY: optionalNumber("AUTHENTIK_FETCH_CONCURRENCY", 6, 1, 16),
  AUTHENTIK_MATRIX_ID_ATTRIBUTE: z.string().trim().optional().transform((v) => v || "matrix_id"),
  AUTHENTIK_LOCALPART_TEMPLATE: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || "{username}")
    .refine((v) => /\{(username|pk|email_localpart)\}/.test(v), {
      message: "AUTHENTIK_LOCALPART_TEMPLATE must use {username}, {pk} or {email_localpart}, for example {username} or community-{pk}",
    }),
  AUTHENTIK_SUBJECT_MODE: z
    .enum(["hashed_user_id", "user_id", "user_uuid", "user_username", "user_email"], {
      error: "AUTHENTIK_SUBJECT_MODE must match the OAuth provider's subject mode in Authentik: hashed_user_id, user_id, user_uuid, user_username or user_email",
    })
    .optional()
    .default("hashed_user_id"),
  AUTHENTIK_SYNAPSE_AUTH_PROVIDER: z.string().trim().optional().transform((v) => v || "oidc-authentik"),
  AUTHENTIK_WRITE_BACK: flag("AUTHENTIK_WRITE_BACK", false),
  AUTHENTIK_MODERATOR_GROUP: z.string().trim().optional().transform((v) => v || undefined),
  AUTHENTIK_GROUP_REMOVAL_POLICY: z
    .enum(["none", "kick"], { error: "AUTHENTIK_GROUP_REMOVAL_POLICY must be none or kick" })
    .optional()
    .default("none"),
  AUTHENTIK_DEACTIVATION_POLICY: z
    .enum(["none", "remove", "deactivate"], { error: "AUTHENTIK_DEACTIVATION_POLICY must be none, remove or deactivate" })
    .optional()
    .default("none"),
  AUTHENTIK_AUTO_APPLY: flag("AUTHENTIK_AUTO_APPLY", true),
  AUTHENTIK_AUTO_APPLY_MAX_CHANGES: optionalNumber("AUTHENTIK_AUTO_APPLY_MAX_CHANGES", 50, 0, 1_000_000),
  AUTHENTIK_AUTO_APPLY_MAX_DEACTIVATIONS: optionalNumber("AUTHENTIK_AUTO_APPLY_MAX_DEACTIVATIONS", 0, 0, 1_000_000),
  AUTHENTIK_SYNC_INTERVAL_MINUTES: optionalNumber("AUTHENTIK_SYNC_INTERVAL_MINUTES", 15, 0, 10_080),
  AUTHENTIK_FULL_SCAN_HOURS: optionalNumber("AUTHENTIK_FULL_SCAN_HOURS", 24, 1, 720),
  AUTHENTIK_WEBHOOK_SECRET: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || v.length >= 24, { message: "AUTHENTIK_WEBHOOK_SECRET must be at least 24 characters (for example `openssl rand -hex 24`)" })
    .transform((v) => v || undefined),
  AUTHENTIK_SCIM_TOKEN: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || (v.length >= 24 && !/\s/.test(v)), { message: "AUTHENTIK_SCIM_TOKEN must be at least 24 characters without spaces (for example `openssl rand -hex 24`)" })
    .transform((v) => v || undefined),
});

export type AuthentikConfig = {
  url: string;
  token: string;
  pageSize: number;
  timeoutMs: number;
  /** Authentik pages read at once after the first. */
  fetchConcurrency: number;
  matrixIdAttribute: string;
  localpartTemplate: string;
  subjectMode: "hashed_user_id" | "user_id" | "user_uuid" | "user_username" | "user_email";
  synapseAuthProvider: string;
  writeBack: boolean;
  moderatorGroup: string | undefined;
  groupRemovalPolicy: "none" | "kick";
  deactivationPolicy: "none" | "remove" | "deactivate";
  /**
   * Scheduled, pushed and SCIM syncs may apply on their own (never the community's first sync), and
   * only plans within these limits: other changes, and deactivations (accounts deactivated, people
   * removed because Authentik deactivated or deleted them) counted apart.
   */
  autoApply: boolean;
  autoApplyMaxChanges: number;
  autoApplyMaxDeactivations: number;
  syncIntervalMinutes: number;
  fullScanHours: number;
  webhookSecret: string | undefined;
  /** Bearer token of Authentik's SCIM provider; the /api/scim/v2 receiver is off without it. */
  scimToken: string | undefined;
};

/** URL and token come as a pair; checked on the raw values so it is reported with every other problem. */
function authentikPairProblems(env: Record<string, string | undefined>): string[] {
  const url = env.AUTHENTIK_URL?.trim();
  const token = env.AUTHENTIK_TOKEN?.trim();
  if (url && !token) return ["AUTHENTIK_TOKEN is missing: AUTHENTIK_URL is set, so account sync needs an API token of an Authentik service account"];
  if (token && !url) return ["AUTHENTIK_URL is missing: AUTHENTIK_TOKEN is set, so account sync needs the Authentik address, for example https://auth.example.org"];
  if (env.AUTHENTIK_SCIM_TOKEN?.trim() && !url && !token) {
    return ["AUTHENTIK_SCIM_TOKEN is set without AUTHENTIK_URL and AUTHENTIK_TOKEN: the SCIM receiver syncs each pushed user from Authentik's API, so set those too"];
  }
  return [];
}

function authentikConfig(e: z.infer<typeof AuthentikEnv>): AuthentikConfig | undefined {
  if (!e.AUTHENTIK_URL || !e.AUTHENTIK_TOKEN) return undefined;
  return {
    url: e.AUTHENTIK_URL,
    token: e.AUTHENTIK_TOKEN,
    pageSize: e.AUTHENTIK_PAGE_SIZE,
    timeoutMs: e.AUTHENTIK_TIMEOUT_MS,
    fetchConcurrency: e.AUTHENTIK_FETCH_CONCURRENCY,
    matrixIdAttribute: e.AUTHENTIK_MATRIX_ID_ATTRIBUTE,
    localpartTemplate: e.AUTHENTIK_LOCALPART_TEMPLATE,
    subjectMode: e.AUTHENTIK_SUBJECT_MODE,
    synapseAuthProvider: e.AUTHENTIK_SYNAPSE_AUTH_PROVIDER,
    writeBack: e.AUTHENTIK_WRITE_BACK,
    moderatorGroup: e.AUTHENTIK_MODERATOR_GROUP,
    groupRemovalPolicy: e.AUTHENTIK_GROUP_REMOVAL_POLICY,
    deactivationPolicy: e.AUTHENTIK_DEACTIVATION_POLICY,
    autoApply: e.AUTHENTIK_AUTO_APPLY,
    autoApplyMaxChanges: e.AUTHENTIK_AUTO_APPLY_MAX_CHANGES,
    autoApplyMaxDeactivations: e.AUTHENTIK_AUTO_APPLY_MAX_DEACTIVATIONS,
    syncIntervalMinutes: e.AUTHENTIK_SYNC_INTERVAL_MINUTES,
    fullScanHours: e.AUTHENTIK_FULL_SCAN_HOURS,
    webhookSecret: e.AUTHENTIK_WEBHOOK_SECRET,
    scimToken: e.AUTHENTIK_SCIM_TOKEN,
  };
}

export type Config = {
  homeserverUrl: string;
  accessToken: string;
  /** When the token was issued (ISO), if setup or rotate-token recorded it. */
  accessTokenIssuedAt: string | undefined;
  accessTokenMaxAgeDays: number;
  botUserId: string;
  defaultRoomAlias: string | undefined;
  moderatorRoom: string;
  /** Where new people wait until a moderator lets them in (INTAKE_ROOM, or AUTHENTIK_INTAKE_ROOM). */
  intakeRoom: string | undefined;
  moderatorPowerLevel: number;
  adminPowerLevel: number;
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  allowedClientOrigins: string[];
  sessionSecret: string | undefined;
  logLevel: string;
  /** A compact notice in the moderator room for each privileged action. */
  moderatorNotices: boolean;
  /** Whether the bot runs an encryption device (when the native binding is installed). */
  e2ee: boolean;
  /** Requests a minute per widget session or API token. */
  apiRateLimitPerMinute: number;
  /** Sign-ins (POST /api/session, one homeserver userinfo call each) a minute per client address and in all. */
  signInRateLimit: { perAddress: number; total: number };
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** mautrix bridges from BRIDGE_<NETWORK>_* (none when unset). */
  bridges: BridgeConfig[];
  /** What starts a chat command in the moderator room, for example `!dash`. */
  commandPrefix: string;
  /** How long a chat command waiting for `confirm <code>` stays valid. */
  commandConfirmMs: number;
  /** How often the dashboard looks for new members' reports (Synapse pushes none); 0 turns the notices off. */
  reportsPollMs: number;
  authentik: AuthentikConfig | undefined;
};

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `The dashboard cannot start: ${problems.length} configuration problem${problems.length === 1 ? "" : "s"} in .env or the environment:\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nSee .env.example for every setting with an explanation.",
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Two names for one setting: both may be set only to the same room. */
function intakeProblems(env: Record<string, string | undefined>): string[] {
  const generic = env.INTAKE_ROOM?.trim();
  const authentik = env.AUTHENTIK_INTAKE_ROOM?.trim();
  if (generic && authentik && generic !== authentik) {
    return [`INTAKE_ROOM (${generic}) and AUTHENTIK_INTAKE_ROOM (${authentik}) name different rooms: set only one of them`];
  }
  return [];
}

/** Validates the whole environment at once so the admin sees every problem in one go. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.extend(AuthentikEnv.shape).safeParse(env);
  const bridges = parseBridges(env);
  const problems = [...(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message)), ...bridges.problems, ...authentikPairProblems(env), ...intakeProblems(env)];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    homeserverUrl: e.MATRIX_HOMESERVER,
    accessToken: e.MATRIX_ACCESS_TOKEN,
    accessTokenIssuedAt: e.MATRIX_ACCESS_TOKEN_ISSUED_AT,
    accessTokenMaxAgeDays: e.MATRIX_ACCESS_TOKEN_MAX_AGE_DAYS,
    botUserId: e.MATRIX_USER_ID,
    defaultRoomAlias: e.MATRIX_DEFAULT_ROOM_ALIAS,
    moderatorRoom: e.MATRIX_MODERATOR_ROOM,
    intakeRoom: e.INTAKE_ROOM ?? e.AUTHENTIK_INTAKE_ROOM,
    moderatorPowerLevel: e.MODERATOR_POWER_LEVEL,
    adminPowerLevel: Math.max(e.ADMIN_POWER_LEVEL, e.MODERATOR_POWER_LEVEL),
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    dataDir: e.DATA_DIR,
    allowedClientOrigins: e.ALLOWED_CLIENT_ORIGINS,
    sessionSecret: e.SESSION_SECRET,
    logLevel: e.LOG_LEVEL,
    moderatorNotices: e.MODERATOR_NOTICES === "on",
    e2ee: e.E2EE === "on",
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    signInRateLimit: { perAddress: e.SIGN_IN_RATE_LIMIT_PER_MINUTE, total: e.SIGN_IN_RATE_LIMIT_TOTAL_PER_MINUTE },
    metricsToken: e.METRICS_TOKEN,
    bridges: bridges.bridges,
    commandPrefix: e.COMMAND_PREFIX,
    commandConfirmMs: e.COMMAND_CONFIRM_SECONDS * 1000,
    reportsPollMs: e.REPORTS_POLL_SECONDS * 1000,
    authentik: authentikConfig(e),
  };
}
