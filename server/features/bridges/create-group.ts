import { defineAction, type CapabilityContext } from "../../kernel/runtime/define-action.ts";
import type { Store } from "../../kernel/store/db.ts";
import { CreateGroupInput } from "../../../shared/bridges.ts";
import { bridgeFor } from "./registry.ts";
import type { MautrixBridge } from "./mautrix-bridge.ts";
import { BridgeLinks } from "./bridge-links.ts";
import { bridgeErrors } from "./bridge-error.ts";
import { checkDashboardBotLevel } from "./bridge-power.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { botSteps, encryptionWarnings, planBridgeBot, prepareBridgeBot, refuseIfBridged, roomFacts, type BotPreparation, type BridgingCaps } from "./bridge-steps.ts";
import { said, type Said } from "../../../shared/said.ts";

import type { CreateGroupPlan, CreatedGroup, GroupPlan } from "../../../shared/plans.ts";

export type { CreateGroupPlan, CreatedGroup, GroupPlan };

/**
 * The group checked against the bridge's own rules before anything is changed (its capabilities:
 * members it requires, the name limit it counts in UTF-8 bytes); also checks the login.
 */
export async function planGroup(bridge: MautrixBridge, name: string | null, topic: string | null, relay: boolean): Promise<GroupPlan> {
  if (!name) throw ApiError.badRequest("groupName: the room has no name, so the group needs one.", "groupName").saying("groupNeedsName");
  const rules = await bridge.groupRules();
  if (Buffer.byteLength(name) > rules.nameLimit) throw bridgeErrors.nameTooLong(bridge.config, name, rules.nameLimit);
  // The dashboard creates groups without members: a bridge that needs some cannot make one.
  if (rules.minParticipants > 0) throw bridgeErrors.participantsRequired(bridge.config, rules.minParticipants);
  await bridge.requireLogin();
  return { groupName: name, nameLimit: rules.nameLimit, topic, relay, via: bridge.provisioning ? "provisioning" : "command" };
}

export function groupSteps(bridge: MautrixBridge, prefix: string, g: GroupPlan): Said[] {
  const params = { bridge: bridge.config.displayName, group: g.groupName, limit: g.nameLimit };
  return [
    g.via === "provisioning"
      ? said("bridges.step.create-group-provisioning", `Create the ${params.bridge} group "${g.groupName}" (names are limited to ${g.nameLimit} bytes) through the bridge's provisioning API`, params)
      : said("bridges.step.create-group-command", `Create the ${params.bridge} group "${g.groupName}" (names are limited to ${g.nameLimit} bytes) with "${prefix} create"`, { ...params, command: `${prefix} create` }),
    ...(g.relay ? [said("bridges.step.relay-on", "Turn relay mode on, so people without a login are carried by the bridge's login")] : []),
  ];
}

/** Bridges a room the bridge bot is ready in to a new group; a room already bridged by it is left as it is. */
export async function applyGroup(ctx: CapabilityContext<{ store: Pick<Store, "db"> }>, bridge: MautrixBridge, roomId: string, g: GroupPlan, prep: BotPreparation): Promise<CreatedGroup> {
  const links = new BridgeLinks(ctx.caps.store.db);
  const existing = (await bridge.read(roomId)).ours;
  if (existing) return { room: roomId, remoteId: existing.channelId, relay: links.relayOf(roomId, bridge.config.network) === true };
  await prepareBridgeBot(bridge, roomId, prep);
  const remoteId = await bridge.createGroup(roomId, g.groupName, g.topic);
  links.linked(roomId, bridge.config.network, remoteId, ctx.actor.id);
  // A new portal starts without relay, so "off" is known here (after a link it is not).
  if (g.relay) await bridge.setRelay(roomId, true);
  links.relaySet(roomId, bridge.config.network, g.relay, ctx.actor.id);
  return { room: roomId, remoteId, relay: g.relay };
}

export const createGroup = defineAction({
  name: "bridges.create-group",
  family: "bridges",
  permission: "moderator",
  summary: "Create a new Signal (or other mautrix) group for a room and bridge them",
  input: CreateGroupInput,
  example: { room: "!abc:example.org", bridge: "signal", groupName: "Gardening", relay: false },
  capabilities: (app): BridgingCaps => ({ config: app.config, bot: app.bot, moderators: app.moderators, store: app.store }),
  async plan(ctx, input): Promise<CreateGroupPlan> {
    const bridge = bridgeFor(ctx.caps, input.bridge);
    const f = await roomFacts(ctx, bridge, input.room);
    refuseIfBridged(f);
    const prep = await planBridgeBot(ctx, bridge.config, f);
    if (input.relay) checkDashboardBotLevel(f, bridge.config, ctx.caps.bot.userId, f.relayLevel, "relay management");
    const group = await planGroup(bridge, input.groupName ?? f.state.name, f.state.topic, input.relay);
    return {
      room: input.room,
      network: bridge.config.network,
      bridgeBot: bridge.config.botUserId,
      ...prep,
      ...group,
      steps: [...botSteps(bridge.config, prep), ...groupSteps(bridge, await bridge.commandPrefix(), group)],
      warnings: encryptionWarnings(bridge.config, f.state.encrypted),
    };
  },
  apply: (ctx, plan) => applyGroup(ctx, bridgeFor(ctx.caps, plan.network), plan.room, plan, plan),
  target: (input) => input.room,
});
