import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { isNotFound } from "../../kernel/errors/homeserver-failure.ts";
import type { Pill } from "./command-text.ts";

const looksLikeId = (s: string) => /^[@#!]/.test(s);

async function orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** `@alice` and `#general` mean the bot's own server, as the command words do. */
function fullId(app: AppContext, label: string): string {
  return label.includes(":") || label.startsWith("!") ? label : `${label}:${app.bot.serverName}`;
}

async function roomOf(app: AppContext, ref: string): Promise<string | undefined> {
  return orUndefined(() => app.bot.resolveRoom(ref)).catch(() => undefined);
}

/** Names a user may be shown under: the ID, its localpart, the global display name, the one in the moderator room. */
async function userNames(app: AppContext, userId: string, moderatorRoomId: string): Promise<string[]> {
  const [profile, member] = await Promise.all([
    orUndefined(() => app.bot.getUserProfile(userId) as Promise<{ displayname?: string }>),
    app.bot.stateContent<{ displayname?: string }>(moderatorRoomId, "m.room.member", userId).catch(() => null),
  ]);
  const localpart = userId.slice(1, userId.indexOf(":") === -1 ? undefined : userId.indexOf(":"));
  return [userId, localpart, profile?.displayname, member?.displayname].filter((n): n is string => Boolean(n));
}

/** Names a room may be shown under: its ID, its canonical alias and its name. */
async function roomNames(app: AppContext, roomId: string): Promise<string[]> {
  const [name, alias] = await Promise.all([
    app.bot.stateContent<{ name?: string }>(roomId, "m.room.name").catch(() => null),
    app.bot.stateContent<{ alias?: string }>(roomId, "m.room.canonical_alias").catch(() => null),
  ]);
  return [roomId, name?.name, alias?.alias].filter((n): n is string => Boolean(n));
}

async function labelMatches(app: AppContext, pill: Pill, moderatorRoomId: string): Promise<boolean> {
  const label = pill.label;
  if (label === pill.id) return true;
  if (pill.id.startsWith("@")) {
    if (looksLikeId(label) && fullId(app, label) === pill.id) return true;
    // Some clients show "@Display Name": a display name after the @ is fine too.
    const names = await userNames(app, pill.id, moderatorRoomId);
    return names.some((n) => n === label || `@${n}` === label);
  }
  if (pill.id.startsWith("#") || pill.id.startsWith("!")) {
    const target = await roomOf(app, pill.id);
    if (!target) return false;
    if (looksLikeId(label)) return (await roomOf(app, fullId(app, label))) === target;
    return (await roomNames(app, target)).includes(label);
  }
  // A link to an event or anything else names no user or room.
  return true;
}

/**
 * The pills whose visible label names another user or room than their link (or a name the
 * target does not carry). A command acts on the link, so a mismatch is refused rather than run
 * on what the reader could not see.
 */
export async function misleadingPills(app: AppContext, pills: Pill[], moderatorRoomId: string): Promise<Pill[]> {
  const checked = await Promise.all(pills.map(async (pill) => ((await labelMatches(app, pill, moderatorRoomId)) ? undefined : pill)));
  return checked.filter((p): p is Pill => p !== undefined);
}
