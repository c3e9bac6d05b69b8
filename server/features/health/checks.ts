import type { CheckResult, HealthReport } from "../../../shared/health.ts";
import type { Config } from "../../kernel/config/config.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import { askServerAdmin, rateLimitOverride, rateLimitPath } from "../../kernel/matrix/admin.ts";
import { describeMatrixFailure, describeNetworkError } from "../../kernel/errors/homeserver-failure.ts";
import { checkEncryption } from "./e2ee-check.ts";
import { requiredForStateEvent, CREATOR_POWER } from "../../kernel/matrix/power-levels.ts";
import { probeRoomCreation } from "./room-creation-probe.ts";
import { checkDedicatedBot, checkTokenAge } from "./bot-account-checks.ts";
import { checkSlidingSync } from "./sliding-sync-check.ts";
import { bridgeChecks } from "./bridge-checks.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { authentikChecks } from "../../kernel/authentik/doctor-checks.ts";
import { checkDataDirModes } from "./data-dir-check.ts";

export type DoctorContext = {
  config: Pick<Config, "homeserverUrl" | "botUserId" | "moderatorRoom" | "moderatorPowerLevel"> &
    Partial<Pick<Config, "accessTokenIssuedAt" | "accessTokenMaxAgeDays" | "authentik" | "dataDir" | "e2ee">> & { bridges?: BridgeConfig[] };
  bot: Bot;
  /** Room creation is probed by creating (and removing) a room; callers may cache its result. */
  roomCreation?: () => Promise<CheckResult>;
  fetchImpl?: typeof fetch;
};

type Check = Omit<CheckResult, "id" | "title" | "required">;
type Params = Record<string, string | number>;
/** Each summary also goes out as a code with its parts, for the widget to word in the user's language. */
type Code = { code: string; params?: Params };
const ok = (summary: string, code: Code): Check => ({ status: "ok", summary, ...code });
const fail = (summary: string, cause: string, fix: string, code: Code): Check => ({ status: "fail", summary, cause, fix, ...code });
const warn = (summary: string, cause: string, fix: string, code: Code): Check => ({ status: "warn", summary, cause, fix, ...code });
const skippedBecause = {
  noHomeserver: "the homeserver is not reachable",
  noSignIn: "the bot cannot sign in",
  noModeratorRoom: "the moderator room is not usable",
} as const;
const skipped = (because: keyof typeof skippedBecause): Check => ({ status: "skipped", summary: `Not checked: ${skippedBecause[because]}`, code: `skipped.${because}` });

/** What was learnt along the way that later checks depend on. */
type Facts = { moderatorRoomId?: string; serverAdmin?: boolean };

export async function runDoctor(ctx: DoctorContext): Promise<HealthReport> {
  const results: CheckResult[] = [];
  const facts: Facts = {};
  const add = (id: string, title: string, required: boolean, check: Check) => results.push({ id, title, required, ...check });

  const homeserver = await checkHomeserver(ctx);
  add("homeserver", "Homeserver reachable", true, homeserver);
  const token = homeserver.status === "ok" ? await checkToken(ctx) : skipped("noHomeserver");
  add("token", "Bot access token", true, token);
  if (ctx.config.dataDir) add("data-dir-modes", "Data folder private", false, checkDataDirModes(ctx.config.dataDir));
  add("token-age", "Age of the bot's token", false, checkTokenAge(ctx.config.accessTokenIssuedAt, ctx.config.accessTokenMaxAgeDays ?? 90));
  const ready = token.status === "ok";

  add("sliding-sync", "Sliding sync on the homeserver", true, ready ? await checkSlidingSync(ctx.bot) : skipped("noSignIn"));
  add("moderator-room", "Moderator room", true, ready ? await checkModeratorRoom(ctx, facts) : skipped("noSignIn"));
  add(
    "bot-power",
    "Bot's power in the moderator room",
    false,
    facts.moderatorRoomId ? await checkBotPower(ctx, facts.moderatorRoomId) : skipped("noModeratorRoom"),
  );
  add(
    "dedicated-bot",
    "Dedicated bot account",
    false,
    ready
      ? await checkDedicatedBot(ctx.bot, { moderatorRoomId: facts.moderatorRoomId, moderatorPowerLevel: ctx.config.moderatorPowerLevel }).catch(
          (err: unknown) => {
            const failure = describeMatrixFailure(err);
            return warn("Could not tell whether the bot account is a dedicated one.", failure.message, failure.hint, { code: "dedicatedUnknown" });
          },
        )
      : skipped("noSignIn"),
  );
  add("server-admin", "Bot is a server admin", false, ready ? await checkServerAdmin(ctx, facts) : skipped("noSignIn"));
  add(
    "room-creation",
    "Bot may create rooms",
    true,
    ready ? await (ctx.roomCreation ?? (() => probeRoomCreation(ctx.bot)))() : skipped("noSignIn"),
  );
  add("rate-limit", "Synapse rate limits for the bot", false, ready ? await checkRateLimit(ctx, facts) : skipped("noSignIn"));
  const e2ee = ready ? await checkEncryption(ctx.bot, ctx.config) : { on: false, check: skipped("noSignIn") };
  add("e2ee", "End-to-end encryption", false, e2ee.check);
  if (facts.moderatorRoomId && !e2ee.on) {
    add("moderator-room-encryption", "Moderator room readable by the bot", false, await checkModeratorRoomEncryption(ctx, facts.moderatorRoomId));
  }
  if (ready) results.push(...(await bridgeChecks(ctx.bot, ctx.config.bridges ?? [], ctx.fetchImpl)));
  results.push(...(await authentikChecks(ctx.config.authentik)));

  return {
    ok: results.every((r) => !r.required || r.status === "ok"),
    checkedAt: new Date().toISOString(),
    capabilities: { e2ee: e2ee.on, serverAdmin: facts.serverAdmin === true },
    checks: results,
  };
}

async function checkHomeserver(ctx: DoctorContext): Promise<Check> {
  const url = `${ctx.config.homeserverUrl}/_matrix/client/versions`;
  let res: Response;
  try {
    res = await (ctx.fetchImpl ?? fetch)(url, { signal: AbortSignal.timeout(10_000), redirect: "follow" });
  } catch (err) {
    const failure = (err as Error).name === "TimeoutError" ? describeNetworkError({ code: "ETIMEDOUT" }) : describeNetworkError(err);
    return fail(`Cannot reach ${ctx.config.homeserverUrl}.`, failure.message, failure.hint, { code: "homeserverUnreachable", params: { url: ctx.config.homeserverUrl } });
  }
  const body = await res.json().catch(() => null);
  if (!res.ok || !body || !Array.isArray(body.versions)) {
    return fail(
      `${ctx.config.homeserverUrl} is not a Matrix homeserver.`,
      `GET /_matrix/client/versions answered HTTP ${res.status} without a list of Matrix versions.`,
      "Set MATRIX_HOMESERVER to the client-server API URL of your homeserver (for example https://matrix.example.org, as found in https://<server name>/.well-known/matrix/client).",
      { code: "homeserverNotMatrix", params: { url: ctx.config.homeserverUrl } },
    );
  }
  return ok(`Matrix homeserver at ${ctx.config.homeserverUrl} (spec versions up to ${body.versions.at(-1)}).`, { code: "homeserverOk", params: { url: ctx.config.homeserverUrl, version: String(body.versions.at(-1)) } });
}

async function checkToken(ctx: DoctorContext): Promise<Check> {
  let whoami: { user_id: string };
  try {
    whoami = await ctx.bot.getWhoAmI();
  } catch (err) {
    const failure = describeMatrixFailure(err);
    if (failure.code === "homeserver_token_invalid") {
      return fail("The access token is invalid or expired.", `The homeserver rejected MATRIX_ACCESS_TOKEN (${failure.errcode}): it was logged out, expired or mistyped.`, failure.hint, { code: "tokenInvalid" });
    }
    return fail("The access token could not be checked.", failure.message, failure.hint, { code: "tokenUnchecked" });
  }
  if (whoami.user_id !== ctx.config.botUserId) {
    return fail(
      `The token belongs to ${whoami.user_id}, not ${ctx.config.botUserId}.`,
      `MATRIX_ACCESS_TOKEN was issued to ${whoami.user_id} but MATRIX_USER_ID says ${ctx.config.botUserId}.`,
      `Use the bot account's own token, or set MATRIX_USER_ID=${whoami.user_id} if that account is the bot.`,
      { code: "tokenWrongUser", params: { actual: whoami.user_id, expected: ctx.config.botUserId } },
    );
  }
  return ok(`Signed in as ${whoami.user_id}.`, { code: "tokenOk", params: { user: whoami.user_id } });
}

async function checkModeratorRoom(ctx: DoctorContext, facts: Facts): Promise<Check> {
  const ref = ctx.config.moderatorRoom;
  let roomId: string;
  try {
    roomId = await ctx.bot.resolveRoom(ref);
  } catch (err) {
    const failure = describeMatrixFailure(err);
    if (failure.errcode === "M_NOT_FOUND") {
      return fail(
        `The moderator room ${ref} does not exist.`,
        `The alias ${ref} does not resolve to a room on the homeserver.`,
        "Create the moderator room (or run `npm run setup`), or fix MATRIX_MODERATOR_ROOM.",
        { code: "modRoomMissing", params: { room: ref } },
      );
    }
    return fail(`The moderator room ${ref} could not be looked up.`, failure.message, failure.hint, { code: "modRoomLookup", params: { room: ref } });
  }
  const joined = await ctx.bot.getJoinedRooms();
  if (!joined.includes(roomId)) {
    return fail(
      `The bot is not in the moderator room ${ref}.`,
      `${ctx.config.botUserId} is not a joined member of ${roomId}.`,
      `Invite ${ctx.config.botUserId} to the moderator room; the dashboard accepts the invitation when it starts (or run \`npm run doctor -- --join\`).`,
      { code: "modRoomNotJoined", params: { room: ref } },
    );
  }
  facts.moderatorRoomId = roomId;
  return ok(`${ref} (${roomId}); the bot is a member.`, { code: "modRoomOk", params: { room: ref } });
}

async function checkBotPower(ctx: DoctorContext, roomId: string): Promise<Check> {
  const [level, powerLevels] = await Promise.all([ctx.bot.powerLevelOf(roomId, ctx.config.botUserId), ctx.bot.powerLevels(roomId)]);
  const needed = Math.max(
    requiredForStateEvent(powerLevels, "im.vector.modular.widgets"),
    requiredForStateEvent(powerLevels, "io.element.widgets.layout"),
  );
  const shown = level === CREATOR_POWER ? "creator (unlimited)" : String(level);
  // Infinity does not survive JSON: a creator goes out as 101, the level clients show as "creator".
  const shownLevel = level === CREATOR_POWER ? 101 : level;
  if (level < needed) {
    return warn(
      `The bot has power level ${shown}; installing the widget needs ${needed}.`,
      "The bot cannot add or pin the dashboard widget in the moderator room.",
      `Raise ${ctx.config.botUserId} to at least ${needed} in the moderator room (Room settings → Roles & Permissions).`,
      { code: "botPowerLow", params: { level: shownLevel, needed } },
    );
  }
  return ok(`Power level ${shown} (moderators need ${ctx.config.moderatorPowerLevel}).`, { code: "botPowerOk", params: { level: shownLevel, moderators: ctx.config.moderatorPowerLevel } });
}

async function checkServerAdmin(ctx: DoctorContext, facts: Facts): Promise<Check> {
  try {
    facts.serverAdmin = await askServerAdmin(ctx.bot);
  } catch (err) {
    const failure = describeMatrixFailure(err);
    if (failure.status !== 403 && failure.status !== 404 && failure.errcode !== "M_UNRECOGNIZED") {
      return warn("Could not tell whether the bot is a server admin.", failure.message, failure.hint, { code: "serverAdminUnknown" });
    }
    facts.serverAdmin = false;
  }
  if (!facts.serverAdmin) {
    return warn(
      "The bot is not a server admin: admin-only features are unavailable (not broken).",
      "Synapse's admin API refused the bot: the room directory lists only rooms the bot is in, and account sync, rate-limit overrides and force-join are off.",
      `If you want those features, make the bot an admin: \`UPDATE users SET admin = 1 WHERE name = '${ctx.config.botUserId}'\` in Synapse's database, or the admin API PUT /_synapse/admin/v2/users/<bot> {"admin": true} from another admin.`,
      { code: "serverAdminNo" },
    );
  }
  return ok("The bot is a server admin: the server-wide room list and admin features are available.", { code: "serverAdminYes" });
}

async function checkRateLimit(ctx: DoctorContext, facts: Facts): Promise<Check> {
  if (!facts.serverAdmin) {
    return warn(
      "Unknown: only a server admin can read the bot's rate-limit override.",
      "Without an override the bot meets Synapse's default limits (about 10 messages, then one every 5 s).",
      "Ask a server admin to POST /_synapse/admin/v1/users/<bot>/override_ratelimit {\"messages_per_second\":0,\"burst_count\":0}.",
      { code: "rateLimitUnknown" },
    );
  }
  const res = await rateLimitOverride(ctx.bot).catch((err: unknown) => {
    throw describeMatrixFailure(err, "reading the rate-limit override");
  });
  if (res && res.messages_per_second === 0 && res.burst_count === 0) return ok("The bot is exempt from Synapse's rate limits.", { code: "rateLimitExempt" });
  if (res && typeof res.messages_per_second === "number") {
    return ok(`The bot has a custom limit: ${res.messages_per_second}/s, burst ${res.burst_count}.`, { code: "rateLimitCustom", params: { rate: res.messages_per_second, burst: res.burst_count ?? 0 } });
  }
  return warn(
    "The bot is subject to Synapse's default rate limits.",
    "Announcements and bulk invites slow down after the first 10 messages (one every 5 s); the dashboard waits as Synapse asks.",
    `Exempt the bot: POST ${rateLimitPath(ctx.config.botUserId)} {"messages_per_second":0,"burst_count":0} (or \`npm run doctor -- --lift-rate-limit\`).`,
    { code: "rateLimitDefault" },
  );
}

async function checkModeratorRoomEncryption(ctx: DoctorContext, roomId: string): Promise<Check> {
  const encrypted = await ctx.bot
    .getRoomStateEvent(roomId, "m.room.encryption", "")
    .then(() => true)
    .catch(() => false);
  if (!encrypted) return ok("The moderator room is not encrypted: the bot can read moderator commands.", { code: "modRoomPlain" });
  return warn(
    "The moderator room is encrypted but end-to-end encryption is unavailable.",
    "The bot cannot read messages in the moderator room, so chat commands will not work there.",
    "Install the native crypto binding, or use the widget (which does not need the bot to read messages).",
    { code: "modRoomEncrypted" },
  );
}
