import { z } from "zod";

// Grammar from the Matrix spec's appendix on identifiers, kept permissive on the server part
// (hostname, IPv4, [IPv6], optional port) because validation here is about clear messages.
const serverName = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?`;

export const USER_ID_PATTERN = new RegExp(String.raw`^@[a-z0-9._=\-/+]+:${serverName}$`);
export const ROOM_ID_PATTERN = new RegExp(String.raw`^![^:\s]+(?::${serverName})?$`);
export const ROOM_ALIAS_PATTERN = new RegExp(String.raw`^#[^:\s]+:${serverName}$`);

export const UserId = z
  .string()
  .max(255)
  .regex(USER_ID_PATTERN, "must be a Matrix user ID such as @alice:example.org");
export const RoomId = z.string().max(255).regex(ROOM_ID_PATTERN, "must be a room ID such as !abc:example.org");
export const RoomAlias = z
  .string()
  .max(255)
  .regex(ROOM_ALIAS_PATTERN, "must be a room alias such as #general:example.org");
export const RoomRef = z
  .string()
  .max(255)
  .refine((v) => ROOM_ID_PATTERN.test(v) || ROOM_ALIAS_PATTERN.test(v), {
    message: "must be a room ID (!abc:example.org) or alias (#general:example.org)",
    params: { said: "inputNotRoomRef" },
  });

export function serverNameOf(matrixId: string): string {
  const colon = matrixId.indexOf(":");
  return colon === -1 ? "" : matrixId.slice(colon + 1);
}

/** Why a line is not a user ID, as a code each client words in its own language. */
export type UserIdProblem = "not-user" | "bad-localpart" | "bad-server" | "too-long";

/**
 * Reads one line of a list of people the way the chat commands do: `@alice` means the homeserver's
 * own `@alice:server`. Returns the full ID, or what is wrong with the line.
 */
export function readUserId(line: string, homeServer: string): { userId: string } | { problem: UserIdProblem } {
  const text = line.trim();
  if (!text.startsWith("@") || text.length < 2) return { problem: "not-user" };
  const userId = text.includes(":") ? text : `${text}:${homeServer}`;
  if (userId.length > 255) return { problem: "too-long" };
  if (USER_ID_PATTERN.test(userId)) return { userId };
  const localpart = userId.slice(1, userId.indexOf(":"));
  return { problem: /^[a-z0-9._=\-/+]+$/.test(localpart) ? "bad-server" : "bad-localpart" };
}
