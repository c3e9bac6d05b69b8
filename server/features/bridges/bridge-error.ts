import { ApiError } from "../../kernel/errors/api-error.ts";
import { BridgeErrorCode } from "../../../shared/bridges.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import type { SaidParams } from "../../../shared/said.ts";

/** The errors a moderator meets with bridges, each saying what happened and what to do. */
export const bridgeErrors = {
  notConfigured: (network: string, configured: string[]) =>
    new ApiError(
      404,
      BridgeErrorCode.notConfigured,
      `No ${network} bridge is configured${configured.length ? ` (configured: ${configured.join(", ")})` : ""}.`,
      `Set BRIDGE_${network.toUpperCase()}_BOT (and its provisioning URL and secret) in .env, then restart the dashboard.`,
    ).saying("bridgeNotConfigured", { network, configured: configured.join(", ") || "—" }),
  unreachable: (b: BridgeConfig, cause: string) =>
    new ApiError(
      502,
      BridgeErrorCode.unreachable,
      `The ${b.displayName} bridge cannot be reached: ${cause}.`,
      `Check that mautrix-${b.network} is running and that BRIDGE_${b.network.toUpperCase()}_PROVISIONING_URL points at its appservice listener.`,
    ).saying("bridgeUnreachable", { bridge: b.displayName, network: b.network, cause }),
  secretInvalid: (b: BridgeConfig) =>
    new ApiError(
      502,
      BridgeErrorCode.secretInvalid,
      `The ${b.displayName} bridge rejected the dashboard's provisioning secret.`,
      `Copy provisioning.shared_secret from the bridge's config.yaml into BRIDGE_${b.network.toUpperCase()}_SECRET and restart the dashboard.`,
    ).saying("bridgeSecretInvalid", { bridge: b.displayName }),
  notLoggedIn: (b: BridgeConfig, actingUser: string, detail?: string) =>
    new ApiError(
      409,
      BridgeErrorCode.notLoggedIn,
      `${actingUser} has no ${b.displayName} login on the bridge${detail ? ` (${detail})` : ""}.`,
      `Link the community's ${b.displayName} account on the Bridges screen ("Link the bot's ${b.displayName} account", or send \`login\` to ${b.botUserId} from ${actingUser}), or fix BRIDGE_${b.network.toUpperCase()}_RELAY_LOGIN.`,
    ).saying(detail ? "bridgeNotLoggedInDetail" : "bridgeNotLoggedIn", { bridge: b.displayName, user: actingUser, bot: b.botUserId, detail: detail ?? "" }),
  /** `saying`: the code and parameters that word the message (the caller builds the English). */
  powerLevel: (message: string, fix: string, saying?: [string, SaidParams]) => new ApiError(403, BridgeErrorCode.powerLevel, message, fix).saying(saying?.[0], saying?.[1]),
  nameTooLong: (b: BridgeConfig, name: string, limit: number) =>
    new ApiError(
      400,
      BridgeErrorCode.nameTooLong,
      `The ${b.displayName} bridge limits group names to ${limit} bytes of UTF-8; "${name}" has ${Buffer.byteLength(name)} (${[...name].length} characters: accented letters take 2 bytes, emoji 4).`,
      "Enter a shorter group name (the Matrix room keeps its own name).",
      "groupName",
    ).saying("bridgeNameTooLong", { bridge: b.displayName, name, limit, bytes: Buffer.byteLength(name), characters: [...name].length }),
  participantsRequired: (b: BridgeConfig, minimum: number) =>
    new ApiError(
      409,
      BridgeErrorCode.participantsRequired,
      `The ${b.displayName} bridge creates a group only with at least ${minimum} other member${minimum === 1 ? "" : "s"} besides its own account, and the dashboard creates groups without members.`,
      `Create the group in the ${b.displayName} app with at least ${minimum} other member${minimum === 1 ? "" : "s"} (and the bot's account), then link it to the room by its chat ID ("Link an existing group").`,
    ).saying("bridgeParticipantsRequired", { bridge: b.displayName, count: minimum }),
  relayRefused: (b: BridgeConfig, actingUser: string, said: string, reason: "disabled" | "admin_only") =>
    new ApiError(
      409,
      BridgeErrorCode.relayRefused,
      reason === "disabled"
        ? `The ${b.displayName} bridge has relay mode turned off (it said: "${said}").`
        : `The ${b.displayName} bridge lets only its admins relay through their own login, ${actingUser} is not one, and no default relay is configured (it said: "${said}").`,
      reason === "disabled"
        ? "Set bridge.relay.enabled: true in the bridge's config.yaml and restart the bridge."
        : `In the bridge's config.yaml, give ${actingUser} admin in bridge.permissions, or list its login in bridge.relay.default_relays (and set BRIDGE_${b.network.toUpperCase()}_RELAY_LOGIN to it); then restart the bridge.`,
    ).saying(reason === "disabled" ? "bridgeRelayOff" : "bridgeRelayAdminOnly", { bridge: b.displayName, user: actingUser, said }),
  alreadyBridged: (room: string, to: string) =>
    new ApiError(409, BridgeErrorCode.alreadyBridged, `${room} is already bridged (${to}).`, "Unlink it first, or choose another room.").saying("bridgeAlreadyBridged", { room, to }),
  notBridged: (b: BridgeConfig, room: string) =>
    new ApiError(409, BridgeErrorCode.notBridged, `${room} is not bridged to ${b.displayName}.`, `Create or link a ${b.displayName} group first.`).saying("bridgeNotBridged", { bridge: b.displayName, room }),
  refused: (b: BridgeConfig, said: string) =>
    new ApiError(502, BridgeErrorCode.refused, `The ${b.displayName} bridge refused: ${said}`, `See the bridge's answer; ${b.botUserId} said it in the room.`).saying("bridgeRefused", { bridge: b.displayName, said, bot: b.botUserId }),
  /** A provisioning answer the dashboard has no better words for: the bridge's own, with its code. */
  declined: (b: BridgeConfig, status: number, errcode: string, said: string) =>
    new ApiError(502, BridgeErrorCode.refused, `The ${b.displayName} bridge refused (HTTP ${status}, ${errcode}): ${said}.`, `The bridge's log has the details of this request.`).saying("bridgeDeclined", { bridge: b.displayName, status, errcode, said }),
  invalidRequest: (b: BridgeConfig, said: string) =>
    new ApiError(400, BridgeErrorCode.invalidRequest, `The ${b.displayName} bridge refused the request: ${said}.`, "Change what the bridge objects to and try again.").saying("bridgeInvalidRequest", { bridge: b.displayName, said }),
  bridgeFailed: (b: BridgeConfig, said: string) =>
    new ApiError(502, BridgeErrorCode.failed, `The ${b.displayName} bridge failed: ${said}.`, `The cause is the bridge's (see its log); check that mautrix-${b.network} can reach ${b.displayName}.`).saying("bridgeFailed", { bridge: b.displayName, said, network: b.network }),
  endpointMissing: (b: BridgeConfig, said: string) =>
    new ApiError(502, BridgeErrorCode.unreachable, `The ${b.displayName} bridge does not offer this provisioning endpoint (${said}).`, `Update mautrix-${b.network} to a bridgev2 release (its provisioning API v3).`).saying("bridgeEndpointMissing", { bridge: b.displayName, said, network: b.network }),
  forbidden: (b: BridgeConfig, actingUser: string, said: string) =>
    new ApiError(
      502,
      BridgeErrorCode.forbidden,
      `The ${b.displayName} bridge does not let ${actingUser} use it (${said}).`,
      `Give ${actingUser} (or its server) at least "user" in bridge.permissions of the bridge's config.yaml ("admin" for relay mode), then restart the bridge.`,
    ).saying("bridgeForbidden", { bridge: b.displayName, user: actingUser, said }),
  matrixAuthRefused: (b: BridgeConfig, actingUser: string) =>
    new ApiError(
      502,
      BridgeErrorCode.secretInvalid,
      `The ${b.displayName} bridge did not accept ${actingUser}'s access token for its provisioning API.`,
      `Set provisioning.allow_matrix_auth: true in the bridge's config.yaml (the bot must be on the bridge's homeserver), or set BRIDGE_${b.network.toUpperCase()}_SECRET to provisioning.shared_secret.`,
    ).saying("bridgeMatrixAuthRefused", { bridge: b.displayName, user: actingUser }),
  timeout: (b: BridgeConfig, waitingFor: string) =>
    new ApiError(
      504,
      BridgeErrorCode.timeout,
      `The ${b.displayName} bridge did not answer in time (${waitingFor}).`,
      `Check that mautrix-${b.network} is running and registered with the homeserver as an appservice.`,
    ).saying("bridgeTimeout", { bridge: b.displayName, waitingFor, network: b.network }),
  noProvisioning: (b: BridgeConfig) =>
    new ApiError(
      409,
      BridgeErrorCode.loginUnsupported,
      `The ${b.displayName} bridge is driven by commands only: logging in from the dashboard needs its provisioning API.`,
      `Set BRIDGE_${b.network.toUpperCase()}_PROVISIONING_URL and _SECRET, or send \`login\` to ${b.botUserId} from the dashboard's bot.`,
    ).saying("bridgeNoProvisioning", { bridge: b.displayName, bot: b.botUserId }),
  loginFlowUnknown: (b: BridgeConfig, flowId: string, offered: string[]) =>
    new ApiError(
      400,
      BridgeErrorCode.loginUnsupported,
      `flowId: the ${b.displayName} bridge offers no login flow "${flowId}" (it offers: ${offered.join(", ") || "none"}).`,
      "Choose one of the offered flows, or leave flowId out for the QR code.",
      "flowId",
    ).saying("bridgeLoginFlowUnknown", { bridge: b.displayName, flow: flowId, offered: offered.join(", ") || "—" }),
  loginStepUnsupported: (b: BridgeConfig, type: string) =>
    new ApiError(
      502,
      BridgeErrorCode.loginUnsupported,
      `The ${b.displayName} login asks for a "${type}" step, which the dashboard cannot show.`,
      `Log in with \`login\` to ${b.botUserId} from the dashboard's bot instead.`,
    ).saying("bridgeLoginStepUnsupported", { bridge: b.displayName, type, bot: b.botUserId }),
  loginNotFound: (b: BridgeConfig, processId: string) =>
    new ApiError(
      404,
      BridgeErrorCode.loginNotFound,
      `The ${b.displayName} bridge has no login in progress with ID ${processId}: it finished, failed, or the bridge restarted.`,
      "Start the login again.",
    ).saying("bridgeLoginNotFound", { bridge: b.displayName, id: processId }),
  loginStepStale: (b: BridgeConfig, said: string) =>
    new ApiError(409, BridgeErrorCode.loginStep, `The ${b.displayName} login is no longer at that step (${said}).`, "Start the login again.").saying("bridgeLoginStepStale", { bridge: b.displayName, said }),
  loginExpired: (b: BridgeConfig, said: string) =>
    new ApiError(
      410,
      BridgeErrorCode.loginExpired,
      `The ${b.displayName} login timed out (${said}): nothing was scanned or entered in time.`,
      "Start the login again and scan the code while it is shown (it is renewed a few times before the bridge gives up).",
    ).saying("bridgeLoginExpired", { bridge: b.displayName, said }),
  loginCancelled: (b: BridgeConfig) => new ApiError(409, BridgeErrorCode.loginCancelled, `The ${b.displayName} login was cancelled.`, "Start the login again when you are ready.").saying("bridgeLoginCancelled", { bridge: b.displayName }),
  loginFinished: (b: BridgeConfig) =>
    new ApiError(409, BridgeErrorCode.loginStep, `The ${b.displayName} login has already finished.`, "Reload the Bridges screen to see the login.").saying("bridgeLoginFinished", { bridge: b.displayName }),
  tooManyLogins: (b: BridgeConfig, actingUser: string, said: string) =>
    new ApiError(
      409,
      BridgeErrorCode.tooManyLogins,
      `${actingUser} already has as many ${b.displayName} logins as the bridge allows (${said}).`,
      `Log out a login ${actingUser} no longer needs (send \`logout <login ID>\` to ${b.botUserId}), then link again.`,
    ).saying("bridgeTooManyLogins", { bridge: b.displayName, user: actingUser, said, bot: b.botUserId }),
  loginFailed: (b: BridgeConfig, said: string) =>
    new ApiError(
      502,
      BridgeErrorCode.loginFailed,
      `Linking the ${b.displayName} account failed: ${said}.`,
      `Start again; a QR code is valid for a few minutes, so scan it in the ${b.displayName} app (Settings → Linked devices) while it is shown.`,
    ).saying("bridgeLoginFailed", { bridge: b.displayName, said }),
};
