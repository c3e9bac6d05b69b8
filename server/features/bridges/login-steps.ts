import { defineAction, type CapabilityContext } from "../../kernel/runtime/define-action.ts";
import type { AppContext, HealthChecks } from "../../kernel/runtime/app-context.ts";
import {
  BridgeLoginCancelInput,
  BridgeLoginStepInput,
  BridgeLoginStepWaitInput,
  type BridgeLoginProgress,
  type BridgeLoginStep,
  type BridgeLoginStepPlan,
} from "../../../shared/bridges.ts";
import { provisioningOf } from "./login.ts";
import { bridgeFor, type BridgeReads } from "./registry.ts";
import type { MautrixBridge } from "./mautrix-bridge.ts";
import { LoginWaits } from "./login-waits.ts";

/** Below the widget's 20 s request timeout: the caller asks again after "still waiting". */
const PATIENCE_MS = 15_000;

/**
 * The bridge's calls in flight belong to this process (bridgev2 cancels a login whose wait request
 * is dropped), so they are kept per running app rather than in a plan.
 */
const waitsOfApp = new WeakMap<AppContext, LoginWaits>();
function waitsOf(app: AppContext): LoginWaits {
  let waits = waitsOfApp.get(app);
  if (!waits) waitsOfApp.set(app, (waits = new LoginWaits()));
  return waits;
}

/** The bridge, the health checks to refresh after a login, and this app's bridge calls in flight. */
type LoginStepCaps = BridgeReads & { health: Pick<HealthChecks, "invalidate">; loginWaits: LoginWaits };
const loginStepCaps = (app: AppContext): LoginStepCaps => ({ config: app.config, bot: app.bot, health: app.health, loginWaits: waitsOf(app) });
type LoginStepContext = CapabilityContext<LoginStepCaps>;

const loginKey = (network: string, loginId: string, stepId = "") => [network, loginId, stepId].join("\n");

function planStep(ctx: LoginStepContext, input: { bridge: BridgeLoginStepPlan["network"]; loginId: string; stepId?: string; fields?: Record<string, string> }): BridgeLoginStepPlan {
  const bridge = bridgeFor(ctx.caps, input.bridge);
  provisioningOf(bridge);
  return { network: bridge.config.network, bridgeBot: bridge.config.botUserId, loginId: input.loginId, stepId: input.stepId ?? null, fields: Object.keys(input.fields ?? {}) };
}

/** A completed login gets its name (the phone number, the account) and the health checks see it at once. */
async function named(ctx: LoginStepContext, bridge: MautrixBridge, step: Promise<BridgeLoginStep>): Promise<BridgeLoginStep> {
  const next = await step;
  if (next.type !== "complete") return next;
  ctx.caps.health.invalidate();
  const logins = await bridge.provisioning!.whoami(bridge.actingUser).then((w) => w.logins, () => []);
  return { ...next, loginName: logins.find((l) => l.id === next.userLoginId)?.name ?? null };
}

/** How a step ended, for the audit: its type and the login it made, never a QR code's data or a code shown. */
const auditedStep = (step: BridgeLoginStep) => ({ next: step.type, ...(step.type === "complete" ? { userLoginId: step.userLoginId } : {}) });

/**
 * The steps after `bridges.login` started a login, each an action so every front door (widget, API,
 * CLI, chat) is checked and audited alike. The start already posts the moderator-room notice; the
 * steps (asked again every 15 s while a QR code is shown) would only repeat it.
 */
export const bridgeLoginWait = defineAction({
  name: "bridges.login-wait",
  family: "bridges",
  permission: "moderator",
  summary: "Wait for a bridge login's display step (QR code scanned): the next step, or still waiting",
  input: BridgeLoginStepWaitInput,
  example: { bridge: "signal", loginId: "c0ffee", stepId: "fi.mau.signal.login.qr" },
  ownNotice: true,
  capabilities: loginStepCaps,
  async plan(ctx, input) {
    return planStep(ctx, input);
  },
  // A repeated wait (the widget asking again, a retried request) joins the bridge call in flight
  // instead of starting a second one: that is this action's idempotency.
  async apply(ctx, plan): Promise<BridgeLoginProgress> {
    const bridge = bridgeFor(ctx.caps, plan.network);
    const start = () => named(ctx, bridge, provisioningOf(bridge).waitForLogin(bridge.actingUser, plan.loginId, plan.stepId!));
    const step = await ctx.caps.loginWaits.next(loginKey(plan.network, plan.loginId, plan.stepId!), start, PATIENCE_MS);
    return step ? { waiting: false, step } : { waiting: true };
  },
  target: (input) => input.bridge,
  // "Still waiting" changed nothing: only a wait that brought the next step is a row.
  auditDetail: { input: (input) => ({ stepId: input.stepId }), result: (progress) => (progress.waiting ? null : auditedStep(progress.step)) },
});

export const bridgeLoginInput = defineAction({
  name: "bridges.login-input",
  family: "bridges",
  permission: "moderator",
  summary: "Submit the fields a bridge login step asks for (a phone number, a code): the next step",
  input: BridgeLoginStepInput,
  example: { bridge: "whatsapp", loginId: "c0ffee", stepId: "fi.mau.whatsapp.login.phone", fields: { phone_number: "+4915112345678" } },
  ownNotice: true,
  capabilities: loginStepCaps,
  async plan(ctx, input) {
    return planStep(ctx, input);
  },
  // No idempotency key: the bridge takes a step's fields once and answers a repeat that the login
  // is no longer at that step, so a retried submit cannot do the work twice.
  async apply(ctx, plan, input): Promise<BridgeLoginProgress> {
    const bridge = bridgeFor(ctx.caps, plan.network);
    const step = await named(ctx, bridge, provisioningOf(bridge).submitLoginInput(bridge.actingUser, plan.loginId, plan.stepId!, input.fields));
    return { waiting: false, step };
  },
  target: (input) => input.bridge,
  // The values typed in (phone numbers, codes, passwords) never reach the audit log: only the fields' names.
  auditDetail: { input: (input) => ({ stepId: input.stepId, fields: Object.keys(input.fields) }), result: (progress) => (progress.waiting ? null : auditedStep(progress.step)) },
});

export const bridgeLoginCancel = defineAction({
  name: "bridges.login-cancel",
  family: "bridges",
  permission: "moderator",
  summary: "Cancel a bridge login in progress (the bridge forgets it and its QR code stops working)",
  input: BridgeLoginCancelInput,
  example: { bridge: "signal", loginId: "c0ffee" },
  capabilities: loginStepCaps,
  async plan(ctx, input) {
    return planStep(ctx, input);
  },
  async apply(ctx, plan): Promise<{ cancelled: true }> {
    const bridge = bridgeFor(ctx.caps, plan.network);
    ctx.caps.loginWaits.forgetLogin(loginKey(plan.network, plan.loginId));
    await provisioningOf(bridge).cancelLogin(bridge.actingUser, plan.loginId);
    return { cancelled: true };
  },
  target: (input) => input.bridge,
  auditDetail: { input: (input) => ({ loginId: input.loginId }), result: () => ({}) },
});
