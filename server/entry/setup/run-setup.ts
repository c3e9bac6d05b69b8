import { randomBytes } from "node:crypto";
import { loadConfig } from "../../kernel/config/config.ts";
import { readEnvFile, readEnvironment, updateEnvFile } from "../../kernel/config/env-file.ts";
import { Bot } from "../../kernel/matrix/bot.ts";
import { runDoctor } from "../../features/health/checks.ts";
import { formatReport } from "../cli/health-format.ts";
import { installWidgetFromCli } from "../widget-install/install-from-cli.ts";
import { serverNameOf } from "../../../shared/matrix-ids.ts";
import type { WidgetContainer } from "../../../shared/widget-install.ts";
import { discoverHomeserver } from "./discover-homeserver.ts";
import { BOT_DEVICE_NAME, defaultRoomVersion, passwordLogin, registerWithSharedSecret, registerWithToken, setDisplayName, SetupError, whoami, type Session } from "./matrix-account.ts";
import { ensureModeratorRoom } from "./moderator-room.ts";

export type SetupAnswers = {
  homeserver: string;
  /** Localpart or full user ID of the bot account. */
  botUser: string;
  /** Needed unless the `.env` already holds a valid token for this bot; never written anywhere. */
  botPassword?: string;
  /** Registration shared secret: create the bot account when it does not exist yet. */
  registrationSharedSecret?: string;
  /** Or a registration token, where open registration requires one (the account cannot be made admin this way). */
  registrationToken?: string;
  botAdmin: boolean;
  moderatorRoom?: string;
  moderators: string[];
  moderatorLevel: number;
  publicUrl?: string;
  installWidget: boolean;
  widgetContainer: WidgetContainer;
  /** Log in again even when the token in `.env` still works. */
  newToken: boolean;
  envFile: string;
};

type Say = (line: string) => void;

const localpartOf = (user: string) => (user.startsWith("@") ? user.slice(1, user.indexOf(":")) : user);

/** Reuses the token in `.env` when it still belongs to this bot, so a re-run adds no device. */
async function existingSession(baseUrl: string, botUser: string, env: Record<string, string>): Promise<Session | undefined> {
  const token = env.MATRIX_ACCESS_TOKEN;
  if (!token || env.MATRIX_HOMESERVER?.replace(/\/+$/, "") !== baseUrl) return undefined;
  const me = await whoami(baseUrl, token);
  const wanted = botUser.startsWith("@") ? me?.userId === botUser : me && localpartOf(me.userId) === botUser;
  return me && wanted ? { userId: me.userId, accessToken: token, deviceId: me.deviceId ?? "" } : undefined;
}

async function signIn(baseUrl: string, a: SetupAnswers, say: Say): Promise<Session> {
  let password = a.botPassword;
  if (a.registrationSharedSecret || a.registrationToken) {
    const generated = password === undefined;
    password ??= randomBytes(18).toString("base64url");
    const localpart = localpartOf(a.botUser);
    const outcome = a.registrationSharedSecret
      ? await registerWithSharedSecret(baseUrl, { sharedSecret: a.registrationSharedSecret, localpart, password, admin: a.botAdmin, displayName: "Community Dashboard" })
      : await registerWithToken(baseUrl, { registrationToken: a.registrationToken!, localpart, password });
    if (outcome === "exists") {
      say(`The account ${a.botUser} exists already: signing in to it.`);
      if (generated) throw new SetupError(`The bot account ${a.botUser} exists already.`, "Give its password (--bot-password or DASHBOARD_BOT_PASSWORD) to sign it in.");
    } else {
      say(`Registered the bot account ${localpart}${a.botAdmin && a.registrationSharedSecret ? " (server admin)" : ""}${a.registrationSharedSecret ? "" : " with the registration token"}.`);
      if (generated) say(`Its password (shown once, not stored; keep it for \`npm run rotate-token\`): ${password}`);
    }
  }
  if (password === undefined) throw new SetupError(`The password of ${a.botUser} is needed to sign the bot in.`, "Give it with --bot-password or DASHBOARD_BOT_PASSWORD, or run setup in a terminal to be asked.");
  const session = await passwordLogin(baseUrl, a.botUser, password, BOT_DEVICE_NAME);
  const me = await whoami(baseUrl, session.accessToken);
  if (me?.userId !== session.userId) throw new SetupError("The new access token did not pass the whoami check.", "Run setup again; if it persists, check the homeserver's logs.");
  say(`Signed in as ${session.userId} (device "${BOT_DEVICE_NAME}", ${session.deviceId}).`);
  // Shared-secret registration names the account; open registration cannot.
  if (a.registrationToken && !a.registrationSharedSecret) await setDisplayName(baseUrl, session, "Community Dashboard");
  return session;
}

/**
 * The whole first run: homeserver, bot sign-in, moderator room, `.env`, widget, doctor. Every step
 * looks at what exists first, so running it again changes nothing that is already right.
 * Returns whether doctor's required checks pass.
 */
export async function runSetup(a: SetupAnswers, say: Say): Promise<boolean> {
  const found = await discoverHomeserver(a.homeserver);
  say(`Homeserver: ${found.baseUrl}${found.via === "well-known" ? ` (from ${a.homeserver}'s .well-known/matrix/client)` : ""}.`);

  const envBefore = readEnvFile(a.envFile);
  const kept = a.newToken ? undefined : await existingSession(found.baseUrl, a.botUser, envBefore);
  if (kept) say(`Kept the bot's token from ${a.envFile}: it still signs in as ${kept.userId}.`);
  const session = kept ?? (await signIn(found.baseUrl, a, say));
  updateEnvFile(a.envFile, {
    MATRIX_HOMESERVER: found.baseUrl,
    MATRIX_USER_ID: session.userId,
    MATRIX_ACCESS_TOKEN: session.accessToken,
    ...(kept ? {} : { MATRIX_ACCESS_TOKEN_ISSUED_AT: new Date().toISOString() }),
  });

  const bot = new Bot({ homeserverUrl: found.baseUrl, accessToken: session.accessToken, userId: session.userId });
  const ref = a.moderatorRoom ?? envBefore.MATRIX_MODERATOR_ROOM ?? `#moderators:${serverNameOf(session.userId)}`;
  const room = await ensureModeratorRoom(bot, {
    ref,
    moderators: a.moderators,
    level: a.moderatorLevel,
    defaultRoomVersion: await defaultRoomVersion(found.baseUrl, session.accessToken),
  });
  say(`Moderator room ${ref} (${room.roomId})${room.created ? ": created" : ""}.`);
  if (room.invited.length) say(`Invited ${room.invited.join(", ")}.`);
  if (room.promoted.length) say(`Raised ${room.promoted.join(", ")} to power level ${a.moderatorLevel}.`);
  updateEnvFile(a.envFile, {
    MATRIX_MODERATOR_ROOM: ref,
    MODERATOR_POWER_LEVEL: String(a.moderatorLevel),
    ...(a.publicUrl ? { PUBLIC_URL: a.publicUrl } : {}),
  });
  say(`Wrote ${a.envFile} (readable by you only).`);

  const config = loadConfig(readEnvironment({ ...process.env, ENV_FILE: a.envFile }));
  if (a.installWidget) {
    const plan = await installWidgetFromCli(config, "setup", { container: a.widgetContainer, remove: false });
    say(plan.changes.length ? `Widget: ${plan.changes.join("; ")}.` : "Widget: already installed and pinned.");
  }

  say("\nChecking the result (doctor):");
  const report = await runDoctor({ config, bot });
  say(formatReport(report));
  const left = report.checks.filter((c) => c.status === "warn" || c.status === "fail");
  if (left.length) {
    say("\nLeft to do:");
    for (const c of left) say(`  - ${c.summary}${c.fix ? ` ${c.fix}` : ""}`);
  }
  if (!a.installWidget) say("  - Install the widget in the moderator room: `npm run install-widget` (needs PUBLIC_URL).");
  return report.ok;
}
