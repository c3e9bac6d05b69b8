import { ApiError } from "../../kernel/errors/api-error.ts";
import { BridgeErrorCode } from "../../../shared/bridges.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";

/** The errors a moderator meets with bridges, each saying what happened and what to do. */
export const bridgeErrors = {
  notConfigured: (network: string, configured: string[]) =>
    new ApiError(
      404,
      BridgeErrorCode.notConfigured,
      `No ${network} bridge is configured${configured.length ? ` (configured: ${configured.join(", ")})` : ""}.`,
      `Set BRIDGE_${network.toUpperCase()}_BOT (and its provisioning URL and secret) in .env, then restart the dashboard.`,
    ),
  unreachable: (b: BridgeConfig, cause: string) =>
    new ApiError(
      502,
      BridgeErrorCode.unreachable,
      `The ${b.displayName} bridge cannot be reached: ${cause}.`,
      `Check that mautrix-${b.network} is running and that BRIDGE_${b.network.toUpperCase()}_PROVISIONING_URL points at its appservice listener.`,
    ),
  secretInvalid: (b: BridgeConfig) =>
    new ApiError(
      502,
      BridgeErrorCode.secretInvalid,
      `The ${b.displayName} bridge rejected the dashboard's provisioning secret.`,
      `Copy provisioning.shared_secret from the bridge's config.yaml into BRIDGE_${b.network.toUpperCase()}_SECRET and restart the dashboard.`,
    ),
  notLoggedIn: (b: BridgeConfig, actingUser: string, detail?: string) =>
    new ApiError(
      409,
      BridgeErrorCode.notLoggedIn,
      `${actingUser} has no ${b.displayName} login on the bridge${detail ? ` (${detail})` : ""}.`,
      `Link the community's ${b.displayName} account on the Bridges screen ("Link the bot's ${b.displayName} account", or send \`login\` to ${b.botUserId} from ${actingUser}), or fix BRIDGE_${b.network.toUpperCase()}_RELAY_LOGIN.`,
    ),
  powerLevel: (message: string, fix: string) => new ApiError(403, BridgeErrorCode.powerLevel, message, fix),
  nameTooLong: (b: BridgeConfig, name: string, limit: number) =>
    new ApiError(
      400,
      BridgeErrorCode.nameTooLong,
      `${b.displayName} limits group names to ${limit} characters; "${name}" has ${[...name].length}.`,
      "Enter a shorter group name (the Matrix room keeps its own name).",
      "groupName",
    ),
  alreadyBridged: (room: string, to: string) =>
    new ApiError(409, BridgeErrorCode.alreadyBridged, `${room} is already bridged (${to}).`, "Unlink it first, or choose another room."),
  notBridged: (b: BridgeConfig, room: string) =>
    new ApiError(409, BridgeErrorCode.notBridged, `${room} is not bridged to ${b.displayName}.`, `Create or link a ${b.displayName} group first.`),
  refused: (b: BridgeConfig, said: string) =>
    new ApiError(502, BridgeErrorCode.refused, `The ${b.displayName} bridge refused: ${said}`, `See the bridge's answer; ${b.botUserId} said it in the room.`),
  timeout: (b: BridgeConfig, waitingFor: string) =>
    new ApiError(
      504,
      BridgeErrorCode.timeout,
      `The ${b.displayName} bridge did not answer in time (${waitingFor}).`,
      `Check that mautrix-${b.network} is running and registered with the homeserver as an appservice.`,
    ),
  noProvisioning: (b: BridgeConfig) =>
    new ApiError(
      409,
      BridgeErrorCode.loginUnsupported,
      `The ${b.displayName} bridge is driven by commands only: logging in from the dashboard needs its provisioning API.`,
      `Set BRIDGE_${b.network.toUpperCase()}_PROVISIONING_URL and _SECRET, or send \`login\` to ${b.botUserId} from the dashboard's bot.`,
    ),
  loginFlowUnknown: (b: BridgeConfig, flowId: string, offered: string[]) =>
    new ApiError(
      400,
      BridgeErrorCode.loginUnsupported,
      `flowId: the ${b.displayName} bridge offers no login flow "${flowId}" (it offers: ${offered.join(", ") || "none"}).`,
      "Choose one of the offered flows, or leave flowId out for the QR code.",
      "flowId",
    ),
  loginStepUnsupported: (b: BridgeConfig, type: string) =>
    new ApiError(
      502,
      BridgeErrorCode.loginUnsupported,
      `The ${b.displayName} login asks for a "${type}" step, which the dashboard cannot show.`,
      `Log in with \`login\` to ${b.botUserId} from the dashboard's bot instead.`,
    ),
  loginNotFound: (b: BridgeConfig, processId: string) =>
    new ApiError(
      404,
      BridgeErrorCode.loginNotFound,
      `The ${b.displayName} bridge has no login in progress with ID ${processId}: it finished, failed, or the bridge restarted.`,
      "Start the login again.",
    ),
  loginStepStale: (b: BridgeConfig, said: string) =>
    new ApiError(409, BridgeErrorCode.loginStep, `The ${b.displayName} login is no longer at that step (${said}).`, "Start the login again."),
  loginFailed: (b: BridgeConfig, said: string) =>
    new ApiError(
      502,
      BridgeErrorCode.loginFailed,
      `Linking the ${b.displayName} account failed: ${said}.`,
      `Start again; a QR code is valid for a few minutes, so scan it in the ${b.displayName} app (Settings → Linked devices) while it is shown.`,
    ),
};
