import { defineAction } from "../../kernel/runtime/define-action.ts";
import { SetPowerLevelInput } from "../../../shared/rooms.ts";
import { mayChangePowerLevel } from "./guardrails.ts";
import { powerFacts, type PowerFactsCaps } from "./power-facts.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { requireModeratorRoomGrant, withLevel, type ModeratorRoomReads } from "../../kernel/runtime/moderator-room-change.ts";

type SetPowerLevelCaps = PowerFactsCaps & ModeratorRoomReads & { bot: Pick<Bot, "updatePowerLevels"> };

export const setPowerLevel = defineAction({
  name: "rooms.set-power-level",
  family: "rooms",
  permission: "moderator",
  summary: "Change a user's power level in a room",
  input: SetPowerLevelInput,
  example: { room: "!abc:example.org", user: "@alice:example.org", level: 50 },
  capabilities: (app): SetPowerLevelCaps => ({ bot: app.bot, moderators: app.moderators }),
  async plan(ctx, input) {
    const facts = await powerFacts(ctx, input.room, input.user);
    const verdict = mayChangePowerLevel(facts, input.level);
    if (!verdict.ok) throw ApiError.forbidden(verdict.reason, verdict.by === "bot" ? "Raise the bot's power level in that room." : undefined).saying(verdict.code, verdict.params);
    // In the moderator room the actor's own power decides, under Matrix's rules (authority rule 2).
    const moderatorRoom = input.room === (await ctx.caps.moderators.roomId());
    if (moderatorRoom && facts.targetRoomLevel !== input.level) await requireModeratorRoomGrant(ctx, input.user, input.level);
    return { room: input.room, user: input.user, from: facts.targetRoomLevel, to: input.level, willChange: facts.targetRoomLevel !== input.level };
  },
  async apply(ctx, plan) {
    if (!plan.willChange) return { changed: false };
    // Read-modify-write of the whole event: other users' levels must survive.
    await ctx.caps.bot.updatePowerLevels(plan.room, (current) => withLevel(current, plan.user, plan.to));
    return { changed: true };
  },
  target: (input) => `${input.user} in ${input.room}`,
  targetParams: (input) => ({ user: input.user, room: input.room }),
});
