import { defineAction } from "../../kernel/runtime/define-action.ts";
import { BridgeRoomInput, type BridgePlan } from "../../../shared/bridges.ts";
import { bridgeFor, type BridgeReads } from "./registry.ts";
import { requireBridged, roomFacts } from "./bridge-steps.ts";
import { said } from "../../../shared/said.ts";

export const resyncGroup = defineAction({
  name: "bridges.resync",
  family: "bridges",
  permission: "moderator",
  summary: "Ask the bridge to sync a bridged room's name, avatar and members from the remote group",
  input: BridgeRoomInput,
  example: { room: "!abc:example.org", bridge: "signal" },
  capabilities: (app): BridgeReads => ({ config: app.config, bot: app.bot }),
  async plan(ctx, input): Promise<BridgePlan> {
    const bridge = bridgeFor(ctx.caps, input.bridge);
    requireBridged(await roomFacts(ctx, bridge, input.room), bridge.config);
    return {
      room: input.room,
      network: bridge.config.network,
      bridgeBot: bridge.config.botUserId,
      steps: [said("bridges.step.resync", `Send "${await bridge.commandPrefix()} sync-portal" in the room`, { command: `${await bridge.commandPrefix()} sync-portal` })],
      warnings: [],
    };
  },
  async apply(ctx, plan) {
    const bridge = bridgeFor(ctx.caps, plan.network);
    await bridge.bringBotIn(plan.room);
    await bridge.resync(plan.room);
    return { room: plan.room, synced: true };
  },
  target: (input) => input.room,
});
