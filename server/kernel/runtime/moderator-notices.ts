import type { AppContext } from "./app-context.ts";
import { e2eeStatus } from "../matrix/e2ee.ts";

let encryptedCache: { roomId: string; encrypted: boolean } | undefined;

async function moderatorRoomEncrypted(app: AppContext, roomId: string): Promise<boolean> {
  if (encryptedCache?.roomId === roomId) return encryptedCache.encrypted;
  const encrypted = await app.bot.getRoomStateEvent(roomId, "m.room.encryption", "").then(() => true, () => false);
  encryptedCache = { roomId, encrypted };
  return encrypted;
}

/**
 * A compact m.notice in the moderator room. Skipped (and said so) when notices are off, or when the
 * room is encrypted and the bot cannot encrypt. `force` posts even when routine notices are off.
 */
export async function postNotice(app: AppContext, text: string, options: { force?: boolean } = {}): Promise<{ posted: boolean; note?: string }> {
  if (!app.config.moderatorNotices && !options.force) return { posted: false, note: "notices are off" };
  const roomId = await app.moderators.roomId();
  if (!e2eeStatus().available && (await moderatorRoomEncrypted(app, roomId))) {
    return { posted: false, note: "the moderator room is encrypted and end-to-end encryption is unavailable" };
  }
  await app.bot.sendMessage(roomId, { msgtype: "m.notice", body: text });
  return { posted: true };
}
