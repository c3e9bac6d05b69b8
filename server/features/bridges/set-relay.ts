import { defineAction } from "../../kernel/runtime/define-action.ts";
import { SetRelayInput, type BridgePlan } from "../../../shared/bridges.ts";
import { bridgeFor } from "./registry.ts";
import { BridgeLinks } from "./bridge-links.ts";
import { checkDashboardBotLevel } from "./bridge-power.ts";
import { requireBridged, roomFacts, type BridgingCaps } from "./bridge-steps.ts";
import { said } from "../../../shared/said.ts";

export type RelayPlan = BridgePlan & { enabled: boolean; was: boolean | null };

export const setRelay = defineAction({
  name: "bridges.set-relay",
  family: "bridges",
  permission: "moderator",
  summary: "Turn relay mode on or off in a bridged room",
  input: SetRelayInput,
  example: { room: "!abc:example.org", bridge: "signal", enabled: true },
  capabilities: (app): BridgingCaps => ({ config: app.config, bot: app.bot, moderators: app.moderators, store: app.store }),
  async plan(ctx, input): Promise<RelayPlan> {
    const bridge = bridgeFor(ctx.caps, input.bridge);
    const f = await roomFacts(ctx, bridge, input.room);
    requireBridged(f, bridge.config);
    checkDashboardBotLevel(f, bridge.config, ctx.caps.bot.userId, f.relayLevel, "relay management (fi.mau.bridge.set_relay)");
    const login = input.enabled ? await bridge.requireLogin() : null;
    const command = input.enabled ? ["set-relay", bridge.config.relayLogin].filter(Boolean).join(" ") : "unset-relay";
    return {
      room: input.room,
      network: bridge.config.network,
      bridgeBot: bridge.config.botUserId,
      enabled: input.enabled,
      was: new BridgeLinks(ctx.caps.store.db).relayOf(input.room, input.bridge),
      steps: [
        login
          ? said("bridges.step.set-relay", `Send "${await bridge.commandPrefix()} ${command}": messages from people without a ${bridge.config.displayName} login go through ${login.name}`, { command: `${await bridge.commandPrefix()} ${command}`, bridge: bridge.config.displayName, login: login.name })
          : said("bridges.step.unset-relay", `Send "${await bridge.commandPrefix()} ${command}"`, { command: `${await bridge.commandPrefix()} ${command}` }),
      ],
      warnings: [],
    };
  },
  async apply(ctx, plan) {
    const bridge = bridgeFor(ctx.caps, plan.network);
    await bridge.bringBotIn(plan.room);
    await bridge.setRelay(plan.room, plan.enabled);
    new BridgeLinks(ctx.caps.store.db).relaySet(plan.room, plan.network, plan.enabled, ctx.actor.id);
    return { room: plan.room, relay: plan.enabled };
  },
  target: (input) => input.room,
});
