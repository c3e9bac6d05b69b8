import type { Bot } from "../../kernel/matrix/bot.ts";
import { liftBotRateLimit } from "../../kernel/matrix/admin.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";

/** `doctor --lift-rate-limit`: exempts the bot from Synapse's rate limits (needs a server-admin bot). */
export async function liftRateLimit(bot: Bot): Promise<string> {
  try {
    await liftBotRateLimit(bot);
    return `${bot.userId} is now exempt from Synapse's rate limits.`;
  } catch (err) {
    const failure = describeMatrixFailure(err, "lifting the rate limit");
    throw new Error(
      failure.status === 403
        ? "Only a server admin can lift rate limits: ask your Synapse admin to run the override_ratelimit call shown by doctor."
        : `${failure.message}. ${failure.hint}`,
    );
  }
}

/** `doctor --join`: accepts the bot's invitation to the moderator room (or joins it when public). */
export async function joinModeratorRoom(bot: Bot, moderatorRoom: string): Promise<string> {
  try {
    const roomId = await bot.joinRoom(moderatorRoom);
    return `The bot joined the moderator room (${roomId}).`;
  } catch (err) {
    const failure = describeMatrixFailure(err, "joining the moderator room");
    throw new Error(`${failure.message}. Invite ${bot.userId} to ${moderatorRoom} first, then run this again.`);
  }
}
