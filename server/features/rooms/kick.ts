import { defineAction } from "../../kernel/runtime/define-action.ts";
import { KickInput } from "../../../shared/rooms.ts";
import { mayKick } from "./guardrails.ts";
import { powerFacts, type PowerFactsCaps } from "./power-facts.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";

type KickCaps = PowerFactsCaps & { bot: Pick<Bot, "membershipOf" | "kickUser"> };
import { ApiError } from "../../kernel/errors/api-error.ts";

export const kickFromRoom = defineAction({
  name: "rooms.kick",
  family: "moderation",
  permission: "moderator",
  summary: "Remove a user from a room",
  input: KickInput,
  example: { room: "!abc:example.org", user: "@troll:example.org", reason: "spam" },
  capabilities: (app): KickCaps => ({ bot: app.bot, moderators: app.moderators }),
  async plan(ctx, input) {
    const verdict = mayKick(await powerFacts(ctx, input.room, input.user));
    if (!verdict.ok) throw ApiError.forbidden(verdict.reason, verdict.by === "bot" ? "Raise the bot's power level in that room." : undefined).saying(verdict.code, verdict.params);
    const membership = await ctx.caps.bot.membershipOf(input.room, input.user);
    const present = membership === "join" || membership === "invite" || membership === "knock";
    return { room: input.room, user: input.user, reason: input.reason ?? null, currentMembership: membership, willChange: present };
  },
  async apply(ctx, plan) {
    if (!plan.willChange) return { kicked: false, note: `${plan.user} is not in the room.` };
    await ctx.caps.bot.kickUser(plan.user, plan.room, plan.reason ?? undefined);
    return { kicked: true };
  },
  target: (input) => `${input.user} in ${input.room}`,
  targetParams: (input) => ({ user: input.user, room: input.room }),
});
