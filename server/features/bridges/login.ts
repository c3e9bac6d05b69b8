import { defineAction } from "../../kernel/runtime/define-action.ts";
import { BridgeLoginInput, type BridgeLoginPlan, type BridgeLoginStep, type BridgeNetwork } from "../../../shared/bridges.ts";
import { bridgeFor, type BridgeReads } from "./registry.ts";
import { bridgeErrors } from "./bridge-error.ts";
import type { MautrixBridge } from "./mautrix-bridge.ts";
import type { ProvisioningClient } from "./provisioning-client.ts";
import { said } from "../../../shared/said.ts";

export type BridgeLoginStarted = { network: BridgeNetwork; flowId: string } & BridgeLoginStep;

/** The bridge's provisioning client; logging in has no command fallback the dashboard could drive. */
export function provisioningOf(bridge: MautrixBridge): ProvisioningClient {
  if (!bridge.provisioning) throw bridgeErrors.noProvisioning(bridge.config);
  return bridge.provisioning;
}

const loginList = (logins: Array<{ name: string; state: string }>) => logins.map((l) => `${l.name}, ${l.state}`).join("; ");

export const bridgeLogin = defineAction({
  name: "bridges.login",
  family: "bridges",
  permission: "moderator",
  summary: "Log the dashboard's bot into a mautrix bridge (Signal: link it as a device by QR code)",
  input: BridgeLoginInput,
  example: { bridge: "signal", flowId: "qr" },
  capabilities: (app): BridgeReads => ({ config: app.config, bot: app.bot }),
  async plan(ctx, input): Promise<BridgeLoginPlan> {
    const bridge = bridgeFor(ctx.caps, input.bridge);
    const provisioning = provisioningOf(bridge);
    const [flows, who] = await Promise.all([provisioning.loginFlows(bridge.actingUser), provisioning.whoami(bridge.actingUser)]);
    const flow = input.flowId ? flows.find((f) => f.id === input.flowId) : (flows.find((f) => f.id === "qr") ?? flows[0]);
    if (!flow) throw bridgeErrors.loginFlowUnknown(bridge.config, input.flowId ?? "qr", flows.map((f) => f.id));
    const name = bridge.config.displayName;
    return {
      network: bridge.config.network,
      bridgeBot: bridge.config.botUserId,
      actingUser: bridge.actingUser,
      flows,
      flowId: flow.id,
      logins: who.logins,
      loggedIn: who.logins.length > 0,
      steps: [
        said("bridges.step.start-login", `Start the "${flow.name}" login on the ${name} bridge for ${bridge.actingUser}`, { flow: flow.name, bridge: name, user: bridge.actingUser }),
        flow.id === "qr"
          ? said("bridges.step.show-qr", `Show the QR code here: scan it in the ${name} app under Settings → Linked devices`, { bridge: name })
          : said("bridges.step.show-prompts", "Show what the bridge asks for, step by step"),
      ],
      warnings: who.logins.length
        ? [said("bridges.login-exists", `${bridge.actingUser} already has a ${name} login (${loginList(who.logins)}); this adds another.`, { user: bridge.actingUser, bridge: name, logins: loginList(who.logins) })]
        : [],
    };
  },
  async apply(ctx, plan): Promise<BridgeLoginStarted> {
    const bridge = bridgeFor(ctx.caps, plan.network);
    const step = await provisioningOf(bridge).startLogin(bridge.actingUser, plan.flowId);
    return { network: plan.network, flowId: plan.flowId, ...step };
  },
  target: (input) => input.bridge,
});
