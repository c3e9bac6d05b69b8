import type { AppContext } from "./app-context.ts";

/** What posting a notice uses: the setting, the moderator room and the bot's sending. */
export type NoticeCaps = {
  config: Pick<AppContext["config"], "moderatorNotices">;
  moderators: Pick<AppContext["moderators"], "roomId">;
  bot: Pick<AppContext["bot"], "encryption" | "isEncrypted" | "sendMessage">;
};

/**
 * A compact m.notice in the moderator room. Skipped (and said so) when notices are off, or when the
 * room is encrypted and the bot cannot encrypt. `force` posts even when routine notices are off;
 * a `txnId` makes a repeated post (after a crash) land once.
 */
export async function postNotice(app: NoticeCaps, text: string, options: { force?: boolean; txnId?: string } = {}): Promise<{ posted: boolean; note?: string }> {
  if (!app.config.moderatorNotices && !options.force) return { posted: false, note: "notices are off" };
  const roomId = await app.moderators.roomId();
  const { encryption } = app.bot;
  if (!encryption.on && (await app.bot.isEncrypted(roomId))) {
    return { posted: false, note: `the moderator room is encrypted and end-to-end encryption is off: ${encryption.reason}` };
  }
  await app.bot.sendMessage(roomId, { msgtype: "m.notice", body: text }, options.txnId ? { txnId: options.txnId } : {});
  return { posted: true };
}
