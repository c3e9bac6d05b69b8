import type { Bot } from "../matrix/bot.ts";
import type { RoomTargets } from "../../../shared/moderation.ts";
import { USER_ID_PATTERN, ROOM_ID_PATTERN, ROOM_ALIAS_PATTERN } from "../../../shared/matrix-ids.ts";
import { UsageError } from "./command-spec.ts";

/** Whether a word names a room: a room ID, an alias, or an alias without its server (`#general`). */
export const isRoomWord = (word: string) => /^[#!][^\s:]+(:\S+)?$/.test(word);
export const isUserWord = (word: string) => /^@[^\s:]+(:\S+)?$/.test(word);

/** What reading user and room words needs of the bot: its server name and alias lookups. */
export type WordReader = Pick<Bot, "serverName" | "resolveRoom">;

/** The capabilities of a command that reads user or room words (`capabilities: wordReader`). */
export type WordCaps = { bot: WordReader };
export const wordReader = (app: { bot: WordReader }): WordCaps => ({ bot: app.bot });

/** `@alice` is taken as a user on the bot's own server: quicker to type on a phone. */
export function userId(bot: Pick<WordReader, "serverName">, word: string | undefined, what = "user"): string {
  if (!word) throw new UsageError(`Name the ${what} (a Matrix ID such as @alice:${bot.serverName}).`);
  const full = word.includes(":") ? word : `${word}:${bot.serverName}`;
  if (!USER_ID_PATTERN.test(full)) throw new UsageError(`"${word}" is not a Matrix user ID such as @alice:${bot.serverName}.`);
  return full;
}

/** Room IDs pass through; aliases are resolved on the homeserver. */
export async function roomId(bot: WordReader, word: string): Promise<string> {
  const full = word.includes(":") || word.startsWith("!") ? word : `${word}:${bot.serverName}`;
  if (ROOM_ID_PATTERN.test(full)) return full;
  if (!ROOM_ALIAS_PATTERN.test(full)) throw new UsageError(`"${word}" is not a room alias (#general:${bot.serverName}) or room ID.`);
  try {
    return await bot.resolveRoom(full);
  } catch {
    throw new UsageError(`No room is called ${full}.`);
  }
}

/** The leading room words of `words`, resolved, and the words after them. */
export async function leadingRooms(bot: WordReader, words: string[]): Promise<{ rooms: string[]; rest: string[] }> {
  let i = 0;
  while (i < words.length && isRoomWord(words[i]!)) i++;
  const rooms = await Promise.all(words.slice(0, i).map((w) => roomId(bot, w)));
  return { rooms: [...new Set(rooms)], rest: words.slice(i) };
}

/** `all`, or a list of rooms; `fallback` when neither is given. */
export async function roomTargets(bot: WordReader, words: string[], fallback?: RoomTargets): Promise<{ targets: RoomTargets; rest: string[] }> {
  if (words[0]?.toLowerCase() === "all") return { targets: { kind: "all" }, rest: words.slice(1) };
  const { rooms, rest } = await leadingRooms(bot, words);
  if (rooms.length) return { targets: { kind: "rooms", rooms }, rest };
  if (fallback) return { targets: fallback, rest };
  throw new UsageError("Say which rooms: `all`, or one or more rooms (#alias or !id).");
}

export const restText = (words: string[]) => (words.length ? words.join(" ") : undefined);
