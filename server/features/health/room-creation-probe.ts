import type { CheckResult } from "../../../shared/health.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import { deleteRoom } from "../../kernel/matrix/admin.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";

/**
 * Synapse has no "may I create rooms?" query, so the probe creates a private, unfederated room and
 * removes it again (leave + forget; purged when the bot is a server admin).
 */
export async function probeRoomCreation(bot: Bot): Promise<CheckResult> {
  const base = { id: "room-creation", title: "Bot may create rooms", required: true } as const;
  let roomId: string;
  try {
    roomId = await bot.createRoom({
      preset: "private_chat",
      name: "Dashboard doctor probe (safe to delete)",
      creation_content: { "m.federate": false },
    });
  } catch (err) {
    const failure = describeMatrixFailure(err);
    if (failure.status === 429) {
      return { ...base, status: "warn", summary: "Not known right now: room creation is rate limited.", code: "roomCreationLimited", cause: failure.message, fix: failure.hint };
    }
    return {
      ...base,
      status: "fail",
      summary: "The bot may not create rooms.",
      code: "roomCreationRefused",
      cause: failure.message,
      fix: "Allow the bot to create rooms on the homeserver (check Synapse modules or spam checkers that restrict room creation, and that the account is not shadow-banned or limited).",
    };
  }
  await deleteRoom(bot, roomId, { purge: true }).catch(async () => {
      await bot.leaveRoom(roomId).catch(() => {});
      await bot.forgetRoom(roomId).catch(() => {});
    });
  return { ...base, status: "ok", summary: "The bot created and removed a probe room.", code: "roomCreationOk" };
}
