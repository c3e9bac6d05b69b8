import { defineAction } from "../../kernel/runtime/define-action.ts";
import { CreateRoomWithGroupInput } from "../../../shared/bridges.ts";
import type { RoomCreationPlan } from "../../../shared/rooms.ts";
import { planCreateRoom, applyCreateRoom, createRoomCaps, type CreateRoomCaps } from "../rooms/create-room.ts";
import { bridgeFor, type BridgeReads } from "./registry.ts";
import { PLUMBED_BRIDGE_BOT_LEVEL } from "./bridge-power.ts";
import { encryptionWarnings } from "./bridge-steps.ts";
import { said } from "../../../shared/said.ts";
import { applyGroup, groupSteps, planGroup } from "./create-group.ts";
import type { RoomWithGroupPlan, RoomWithGroupResult } from "../../../shared/plans.ts";

export type { RoomWithGroupPlan };

/** Creating the room (as rooms.create does), then the group through the bridge. */
type RoomWithGroupCaps = CreateRoomCaps & BridgeReads;

/** The bridge bot is invited at creation and listed at 100, so bridging needs no later power change. */
function withBridgeBot(plan: RoomCreationPlan, bridgeBot: string): RoomCreationPlan {
  const override = (plan.request.power_level_content_override ?? {}) as { users?: Record<string, number> };
  return {
    ...plan,
    invites: [...plan.invites, bridgeBot],
    powerLevels: { ...plan.powerLevels, [bridgeBot]: PLUMBED_BRIDGE_BOT_LEVEL },
    request: {
      ...plan.request,
      invite: [...((plan.request.invite as string[] | undefined) ?? []), bridgeBot],
      power_level_content_override: { ...override, users: { ...(override.users ?? {}), [bridgeBot]: PLUMBED_BRIDGE_BOT_LEVEL } },
    },
  };
}

export const createRoomWithGroup = defineAction({
  name: "bridges.create-room-with-group",
  family: "bridges",
  permission: "moderator",
  summary: "Create a room from a template and a Signal (or other mautrix) group for it, in one step",
  input: CreateRoomWithGroupInput,
  example: { template: "community", name: "Gardening", bridge: "signal", relay: true },
  capabilities: (app): RoomWithGroupCaps => ({ ...createRoomCaps(app), config: app.config, bot: app.bot }),
  async plan(ctx, input): Promise<RoomWithGroupPlan> {
    const { bridge: network, groupName, relay, ...roomInput } = input;
    const bridge = bridgeFor(ctx.caps, network);
    const room = withBridgeBot(await planCreateRoom(ctx, roomInput), bridge.config.botUserId);
    const group = await planGroup(bridge, groupName ?? room.name, room.topic || null, relay);
    return {
      network: bridge.config.network,
      bridgeBot: bridge.config.botUserId,
      room,
      group,
      steps: [
        said("bridges.step.create-room", `Create the room "${room.name}" from the template "${room.template.id}", inviting ${bridge.config.botUserId} at power level ${PLUMBED_BRIDGE_BOT_LEVEL}`, { name: room.name, template: room.template.id, bot: bridge.config.botUserId, level: PLUMBED_BRIDGE_BOT_LEVEL }),
        said("bridges.step.wait-for-bot", `Wait for ${bridge.config.botUserId} to join`, { bot: bridge.config.botUserId }),
        ...groupSteps(bridge, await bridge.commandPrefix(), group),
      ],
      warnings: [...room.warnings, ...encryptionWarnings(bridge.config, room.encrypted)],
    };
  },
  async apply(ctx, plan, input): Promise<RoomWithGroupResult> {
    const created = await applyCreateRoom(ctx, plan.room, input.idempotencyKey);
    const bridge = bridgeFor(ctx.caps, plan.network);
    const group = await applyGroup(ctx, bridge, created.roomId, plan.group, { inviteBridgeBot: false, raiseBridgeBotTo: null });
    return { ...created, remoteId: group.remoteId, relay: group.relay };
  },
  target: (_input, plan) => plan.room.alias ?? plan.room.name,
});
