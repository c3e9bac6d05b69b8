import type { CheckResult } from "../../../shared/health.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import { describeMatrixFailure, isUnrecognised } from "../../kernel/errors/homeserver-failure.ts";

type Check = Omit<CheckResult, "id" | "title" | "required">;

/** The room directory and the moderator-room commands read rooms through simplified sliding sync (MSC4186). */
export async function checkSlidingSync(bot: Bot): Promise<Check> {
  try {
    await bot.probeSlidingSync("dashboard-doctor");
    return { status: "ok", summary: "The homeserver serves simplified sliding sync (MSC4186), which the room directory and chat commands use.", code: "slidingSyncOk" };
  } catch (err) {
    if (isUnrecognised(err)) {
      return {
        status: "fail",
        summary: "The homeserver does not serve simplified sliding sync (MSC4186).",
        code: "slidingSyncMissing",
        cause: "The room directory, announcements and moderator-room commands read the bot's rooms through sliding sync; without it they cannot work.",
        fix: "Upgrade Synapse to 1.114 or newer, where it is on by default, and remove `msc3575_enabled: false` from `experimental_features` in homeserver.yaml if it is there.",
      };
    }
    const failure = describeMatrixFailure(err, "asking for sliding sync");
    return { status: "warn", summary: "Could not tell whether the homeserver serves sliding sync.", code: "slidingSyncUnknown", cause: failure.message, fix: failure.hint };
  }
}
