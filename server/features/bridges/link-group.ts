import { defineAction } from "../../kernel/runtime/define-action.ts";
import { LinkGroupInput, type BridgePlan } from "../../../shared/bridges.ts";
import { bridgeFor } from "./registry.ts";
import { BridgeLinks } from "./bridge-links.ts";
import { bridgeErrors } from "./bridge-error.ts";
import { botSteps, describeBridge, encryptionWarnings, planBridgeBot, prepareBridgeBot, refuseIfBridged, roomFacts, type BotPreparation, type BridgingCaps } from "./bridge-steps.ts";
import { said } from "../../../shared/said.ts";

export type LinkGroupPlan = BridgePlan & BotPreparation & { chatId: string };

export const linkGroup = defineAction({
  name: "bridges.link-group",
  family: "bridges",
  permission: "moderator",
  summary: "Bridge an existing Signal (or other mautrix) group to a room, by its chat ID",
  input: LinkGroupInput,
  example: { room: "!abc:example.org", bridge: "signal", chatId: "c2lnbmFsLWdyb3VwLWlk" },
  capabilities: (app): BridgingCaps => ({ config: app.config, bot: app.bot, moderators: app.moderators, store: app.store }),
  async plan(ctx, input): Promise<LinkGroupPlan> {
    const bridge = bridgeFor(ctx.caps, input.bridge);
    const f = await roomFacts(ctx, bridge, input.room);
    refuseIfBridged(f);
    const prep = await planBridgeBot(ctx, bridge.config, f);
    await bridge.requireLogin();
    return {
      room: input.room,
      network: bridge.config.network,
      bridgeBot: bridge.config.botUserId,
      chatId: input.chatId,
      ...prep,
      steps: [...botSteps(bridge.config, prep), said("bridges.step.link", `Send "${await bridge.commandPrefix()} bridge ${input.chatId}" in the room`, { command: `${await bridge.commandPrefix()} bridge ${input.chatId}` })],
      warnings: encryptionWarnings(bridge.config, f.state.encrypted),
    };
  },
  async apply(ctx, plan) {
    const bridge = bridgeFor(ctx.caps, plan.network);
    const existing = (await bridge.read(plan.room)).ours;
    if (existing?.channelId === plan.chatId) return { room: plan.room, remoteId: plan.chatId, linked: false };
    if (existing) throw bridgeErrors.alreadyBridged(plan.room, describeBridge(existing));
    await prepareBridgeBot(bridge, plan.room, plan);
    const remoteId = await bridge.link(plan.room, plan.chatId);
    new BridgeLinks(ctx.caps.store.db).linked(plan.room, plan.network, remoteId, ctx.actor.id);
    return { room: plan.room, remoteId, linked: true };
  },
  target: (input) => input.room,
});
