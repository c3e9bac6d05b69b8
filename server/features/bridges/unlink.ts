import { defineAction } from "../../kernel/runtime/define-action.ts";
import { BridgeRoomInput, type BridgePlan } from "../../../shared/bridges.ts";
import { bridgeFor } from "./registry.ts";
import { BridgeLinks } from "./bridge-links.ts";
import { checkDashboardBotLevel } from "./bridge-power.ts";
import { botSteps, requireBridged, roomFacts, type BridgingCaps } from "./bridge-steps.ts";
import { said } from "../../../shared/said.ts";

export type UnlinkPlan = BridgePlan & { remoteId: string | null; inviteBridgeBot: boolean };

export const unlinkGroup = defineAction({
  name: "bridges.unlink",
  family: "bridges",
  permission: "moderator",
  summary: "Stop bridging a room (the remote group stays, without the Matrix side)",
  input: BridgeRoomInput,
  example: { room: "!abc:example.org", bridge: "signal" },
  capabilities: (app): BridgingCaps => ({ config: app.config, bot: app.bot, moderators: app.moderators, store: app.store }),
  async plan(ctx, input): Promise<UnlinkPlan> {
    const bridge = bridgeFor(ctx.caps, input.bridge);
    const f = await roomFacts(ctx, bridge, input.room);
    const ours = requireBridged(f, bridge.config);
    checkDashboardBotLevel(f, bridge.config, ctx.caps.bot.userId, f.bridgeLevel, "unbridging (m.bridge)");
    const inviteBridgeBot = f.bridgeBotMembership !== "join";
    return {
      room: input.room,
      network: bridge.config.network,
      bridgeBot: bridge.config.botUserId,
      remoteId: ours.channelId,
      inviteBridgeBot,
      steps: [
        ...botSteps(bridge.config, { inviteBridgeBot, raiseBridgeBotTo: null }),
        said("bridges.step.unbridge", `Send "${await bridge.commandPrefix()} unbridge": the bridge lets go of the room, and its bot and puppets leave`, { command: `${await bridge.commandPrefix()} unbridge` }),
        said("bridges.step.clear-state", "Clear the m.bridge state the bridge leaves behind, so the room shows as unbridged and can be linked again"),
      ],
      warnings: [],
    };
  },
  async apply(ctx, plan) {
    const bridge = bridgeFor(ctx.caps, plan.network);
    const links = new BridgeLinks(ctx.caps.store.db);
    if (!(await bridge.read(plan.room)).ours) {
      links.unlinked(plan.room, plan.network);
      return { room: plan.room, unlinked: false };
    }
    await bridge.bringBotIn(plan.room);
    const wasPortal = await bridge.unlink(plan.room);
    links.unlinked(plan.room, plan.network);
    return { room: plan.room, unlinked: true, wasPortal };
  },
  target: (input) => input.room,
});
